using System.Diagnostics;
using Matching.Core.Extraction;
using Matching.Data;
using Matching.Nightly.Benchmarks;

namespace Matching.Nightly.Tests;

/// <summary>
/// <c>Matching.Nightly reextract</c> as cron or Kubernetes runs it: a real process over a real database, its exit
/// codes, the lock between processes, and a run killed with SIGKILL half-way that the next start resumes.
/// </summary>
public abstract class ReextractProcessTests(DatabaseProvider provider)
{
    private const string Questionnaire = "Коммерческий опыт: пять лет писал биллинг на Erlang/OTP и сервисы на PostgreSQL.";

    private static readonly Dictionary<string, string> Quick = new() { ["Reextraction__HeartbeatSeconds"] = "0.5" };

    private static string Current => ExtractorVersion.Current;

    [Fact]
    public async Task Reextract_exits_0_rewrites_what_is_due_leaves_synthetic_profiles_and_then_finds_nothing_due()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        var stale = await s.AddStaleProfilesAsync(20, Questionnaire);
        await SyntheticData.AddProfilesAsync(s.Options, TestTaxonomy.Instance, 0, 30);

        var (dry, dryOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract", "--dry-run");
        Assert.True(dry == 0, dryOutput);
        Assert.Contains("20 profile(s) due", dryOutput);
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM reextraction_runs"));

        var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract", "--log-every", "5");
        Assert.True(code == 0, output);
        Assert.Contains("Re-extracted 5/20", output);
        Assert.Contains("20 changed, 0 unchanged, 0 failed, 0 skipped", output);
        var run = (await s.Db.Reextractions.LatestAsync(CancellationToken.None))!;
        Assert.Equal((ReextractionStatus.Succeeded, ReextractionTrigger.Console, new ReextractionCounts(20, 20, 20, 0, 0, 0)),
            (run.Status, run.Trigger, run.Counts));
        Assert.Equal(20, await s.CountAsync("SELECT count(*) FROM profiles WHERE extractor_version = @Current", new { Current }));
        Assert.Equal(30, await s.CountAsync("SELECT count(*) FROM profiles WHERE extractor_version = 'synthetic'"));
        var profile = (await s.Db.Profiles.GetAsync(stale[0], CancellationToken.None))!;
        Assert.Contains(profile.Skills, k => k.SkillId == "erlang");
        Assert.DoesNotContain(profile.Skills, k => k.SkillId == "cobol");

        var (again, againOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract");
        Assert.True(again == 0, againOutput);
        Assert.Equal(new ReextractionCounts(0, 0, 0, 0, 0, 0), (await s.Db.Reextractions.LatestAsync(CancellationToken.None))!.Counts);
    }

    [Fact]
    public async Task Reextract_exits_4_when_questionnaires_no_longer_yield_skills_and_2_for_bad_arguments()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await s.AddStaleProfilesAsync(3, Questionnaire);
        var barren = await s.AddStaleProfilesAsync(1, "Люблю долгие прогулки и хорошие книги.", "barren");

        foreach (var (args, environment) in new (string[], Dictionary<string, string>)[]
                 {
                     (["reextract", "--bogus"], Quick),
                     (["reextract", "--log-every", "0"], Quick),
                     (["reextract"], new(Quick) { ["Reextraction__BatchSize"] = "0" }),
                 })
        {
            var (bad, badOutput) = await NightlyProcess.RunAsync(s.Options, environment, args);
            Assert.True(bad == 2, $"'{string.Join(' ', args)}' exited with {bad}, not 2:\n{badOutput}");
        }
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM reextraction_runs"));

        var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract");

        Assert.True(code == 4, $"exit {code}:\n{output}");
        Assert.Contains($"{ExtractionFailure.NoSkills} 1", output);
        Assert.DoesNotContain("прогулки", output); // never the questionnaire's text
        var run = (await s.Db.Reextractions.LatestAsync(CancellationToken.None))!;
        Assert.Equal((ReextractionStatus.Succeeded, new ReextractionCounts(4, 4, 3, 0, 1, 0)), (run.Status, run.Counts));
        Assert.Equal([new ReextractionFailure(barren[0], ExtractionFailure.NoSkills)],
            await s.Db.Reextractions.FailuresAsync(run.Id, 10, CancellationToken.None));
        Assert.Equal(ScratchDatabase.OldVersions, (await s.Db.Profiles.GetAsync(barren[0], CancellationToken.None))!.Versions);
    }

    [Fact]
    public async Task Reextract_exits_3_while_another_process_holds_the_lock()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await s.AddStaleProfilesAsync(2, Questionnaire);

        await using (var lease = await s.Db.Reextractions.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            Assert.NotNull(lease);
            var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract");
            Assert.True(code == 3, $"exit {code}:\n{output}");
            Assert.Contains("lock", output);
            Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM reextraction_runs"));
        }
        // The scoring lock is another lock: a scoring run does not hold re-extraction up.
        await using (var scoring = await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            Assert.NotNull(scoring);
            var (after, afterOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract");
            Assert.True(after == 0, afterOutput);
        }
    }

    [Fact]
    public async Task A_reextract_killed_half_way_resumes_where_it_stopped()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        const int count = 3_000;
        await s.AddStaleProfilesAsync(count, Questionnaire);
        var slow = new Dictionary<string, string>(Quick) { ["Reextraction__BatchSize"] = "20", ["Reextraction__Parallelism"] = "1" };

        // 1. A run killed with SIGKILL once it has committed some profiles.
        // Writers are held back from the moment its first checkpoint is seen until it is dead, so it cannot finish in between.
        using (var victim = NightlyProcess.Start(s.Options, slow, "reextract"))
        {
            await using var hold = await s.HoldWritersOnceAsync(
                "SELECT count(*) FROM reextraction_runs WHERE status = 'running' AND done > 0",
                ["reextraction_runs", "profiles"],
                waited => victim.HasExited ? "The run ended before it could be killed:\n" + victim.Output
                    : waited > TimeSpan.FromMinutes(2) ? "The run re-extracted nothing within 2 minutes:\n" + victim.Output : null);
            victim.KillHard();
        }

        var killed = Assert.Single(await s.Db.Reextractions.GetRunningAsync(CancellationToken.None));
        Assert.InRange(killed.Counts.Done, 1, count - 1);
        // The checkpoint commits with each profile: exactly the profiles it counts are rewritten, and the cursor is the last of them.
        Assert.Equal(killed.Counts.Done, await s.CountAsync("SELECT count(*) FROM profiles WHERE extractor_version = @Current", new { Current }));
        Assert.Equal(killed.Counts.Changed, killed.Counts.Done);
        Assert.Equal(killed.Counts.Done, await s.CountAsync("SELECT count(*) FROM profiles WHERE id <= @Last", new { Last = killed.LastProfileId }));

        // 2. The next start takes over at once (the killed one's lock died with it) and carries on after the cursor.
        var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "reextract");
        Assert.True(code == 0, output);
        Assert.Contains("resumed", output);

        Assert.Empty(await s.Db.Reextractions.GetRunningAsync(CancellationToken.None));
        var run = (await s.Db.Reextractions.LatestAsync(CancellationToken.None))!;
        Assert.Equal((killed.Id, ReextractionStatus.Succeeded, 1), (run.Id, run.Status, run.Resumes));
        Assert.Equal(new ReextractionCounts(count, count, count, 0, 0, 0), run.Counts);
        Assert.Equal(1, await s.CountAsync("SELECT count(*) FROM reextraction_runs"));
        Assert.Equal(count, await s.CountAsync("SELECT count(*) FROM profiles WHERE extractor_version = @Current", new { Current }));
        // One change row per profile from the load and one from its re-extraction: none was written twice.
        Assert.Equal(2 * count, await s.CountAsync("SELECT count(*) FROM profile_changes"));
    }
}

public sealed class SqliteReextractProcessTests() : ReextractProcessTests(DatabaseProvider.Sqlite);

public sealed class PostgresReextractProcessTests() : ReextractProcessTests(DatabaseProvider.Postgres);
