using System.CommandLine;
using Cronos;
using Matching.Data;
using Matching.Scoring;
using Microsoft.Extensions.Logging;

namespace Matching.Nightly;

/// <summary>
/// <c>Matching.Nightly run [--jobs id,id] [--top 100] [--dry-run] [--schedule "0 2 * * *"]</c> and
/// <c>Matching.Nightly reextract [--dry-run] [--log-every 1000]</c>. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
internal static class NightlyCommand
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = Create();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync(error.Message);
            await Console.Error.WriteLineAsync("Run 'Matching.Nightly run --help' or 'Matching.Nightly reextract --help' for the options.");
            return ExitCodes.BadArguments;
        }
        // Ctrl+C or SIGTERM (docker stop) cancels the run's token; a run then marks itself failed before exiting.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(8) });
    }

    public static RootCommand Create()
    {
        var jobs = new Option<string[]>("--jobs")
        {
            Description = "Only these job ids (comma-separated or repeated), open or not. Default: every open job.",
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int?>("--top") { Description = $"Keep each job's top N (1–{ScoringRunOptions.MaxTopN}). Default: Scoring:Top, 100." };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n && n is < 1 or > ScoringRunOptions.MaxTopN)
                r.AddError($"--top must be between 1 and {ScoringRunOptions.MaxTopN}, not {n}.");
        });
        var dryRun = new Option<bool>("--dry-run") { Description = "Score and compare, print the totals, write nothing." };
        var schedule = new Option<string?>("--schedule")
        {
            Description = "Keep running and start a run at each occurrence of this cron expression (5 fields, or 6 with seconds), e.g. \"0 2 * * *\".",
        };
        schedule.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } cron && ParseCron(cron) is null)
                r.AddError($"--schedule '{cron}' is not a valid cron expression (minute hour day-of-month month day-of-week).");
        });
        var timeZone = new Option<string>("--time-zone") { Description = "The time zone of --schedule.", DefaultValueFactory = _ => "UTC" };
        timeZone.Validators.Add(r =>
        {
            if (FindTimeZone(r.GetValueOrDefault<string>()) is null) r.AddError($"Unknown time zone '{r.GetValueOrDefault<string>()}'.");
        });
        var logEvery = new Option<int>("--log-every")
        {
            Description = "Without a terminal: one progress line per this many jobs.",
            DefaultValueFactory = _ => 100,
        };
        logEvery.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--log-every must be at least 1.");
        });

        const string createText = "Create the SQLite database when its file does not exist (otherwise a missing file is an error: " +
                                  "without ConnectionStrings__Matching this program uses the API's database).";
        var create = new Option<bool>("--create") { Description = createText };
        var run = new Command("run", "Score every open job against every profile, store each job's top N and what changed since its previous list.")
        {
            jobs, top, dryRun, schedule, timeZone, logEvery, create,
        };
        run.SetAction((parse, ct) =>
        {
            var jobIds = parse.GetValue(jobs)?
                .SelectMany(j => j.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var options = new RunCommandOptions(
                jobIds is { Count: > 0 } ? jobIds : null,
                parse.GetValue(top),
                parse.GetValue(dryRun),
                parse.GetValue(schedule) is { } cron ? ParseCron(cron) : null,
                FindTimeZone(parse.GetValue(timeZone)) ?? TimeZoneInfo.Utc,
                parse.GetValue(logEvery),
                parse.GetValue(create));
            return RunCommand.ExecuteAsync(options, ct);
        });

        var reextractDryRun = new Option<bool>("--dry-run") { Description = "Count the profiles due for re-extraction, write nothing." };
        var reextractLogEvery = new Option<int>("--log-every")
        {
            Description = "Without a terminal: one progress line per this many profiles.",
            DefaultValueFactory = _ => 1000,
        };
        reextractLogEvery.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--log-every must be at least 1.");
        });
        var reextractCreate = new Option<bool>("--create") { Description = createText };
        var reextract = new Command("reextract",
            "Re-extract every stored profile whose extractor or taxonomy version differs from this program's, from its stored " +
            "questionnaire; resumes the run a killed process left.")
        {
            reextractDryRun, reextractLogEvery, reextractCreate,
        };
        reextract.SetAction((parse, ct) =>
            ReextractCommand.ExecuteAsync(new ReextractCommandOptions(parse.GetValue(reextractDryRun), parse.GetValue(reextractLogEvery),
                parse.GetValue(reextractCreate)), ct));

        return new RootCommand("Matching nightly jobs: scoring (every open job's top-N over all profiles, stored with what changed) " +
                               "and re-extraction of profiles stored by an older extractor or taxonomy.") { run, reextract };
    }

    private static CronExpression? ParseCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    private static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

internal sealed record RunCommandOptions(
    IReadOnlyList<string>? JobIds,
    int? Top,
    bool DryRun,
    CronExpression? Schedule,
    TimeZoneInfo TimeZone,
    int LogEvery,
    bool Create = false);
