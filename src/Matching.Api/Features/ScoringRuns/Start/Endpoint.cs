using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;
using Matching.Scoring;

namespace Matching.Api.Features.ScoringRuns.Start;

/// <summary>What to score; the body is optional (a bare POST scores every open job).</summary>
public sealed class Request
{
    /// <summary>Only these job ids (open or not). Default: every open job.</summary>
    public List<string>? Jobs { get; set; }
    /// <summary>Keep each job's top N, 1–1000 (default 100, or Scoring:Top).</summary>
    public int? Top { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Top).InclusiveBetween(1, ScoringRunOptions.MaxTopN);
        RuleFor(r => r.Jobs).Must(j => j is null || j.Count is > 0 and <= 10_000).WithMessage("jobs: give 1–10000 job ids, or leave it out for every open job.");
        RuleForEach(r => r.Jobs).NotEmpty().MaximumLength(200);
    }
}

/// <summary>A started scoring run.</summary>
/// <param name="Id">The run's id; follow it at GET /scoring-runs/{id}.</param>
/// <param name="Status">running: the run has started in the background.</param>
public sealed record Response(string Id, [property: AllowedValues("running")] string Status);

public sealed class Endpoint(ScoringRunWorker worker, IConfiguration config) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/scoring-runs");
        Policies(ApiKeyDefaults.AdminPolicy);
        // The body is optional: a bare POST starts a run of every open job.
        Description(b => b
            .ClearDefaultAccepts()
            .Accepts<Request>(isOptional: true, "application/json", "*/*")
            .Produces<Response>(202, "application/json")
            .ProducesProblems(409, 422));
        Summary(s =>
        {
            s.Summary = "Start a scoring run (admin)";
            s.Description = "Ranks every open job (or the jobs given) against every profile in the background, stores each job's top N " +
                            "with what changed since its previous list, and publishes them all at once when done. The body is optional. " +
                            "One run at a time, shared with the Matching.Nightly console: a 409 names the running run.";
            s.Responses[202] = "Started; follow it at /scoring-runs/{id}";
            s.Responses[409] = "A run is already running (runningId)";
            s.Responses[422] = "Some job ids do not exist (unknownJobs)";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var top = r.Top ?? config.GetSection(ScoringSettings.Section).GetValue<int?>(nameof(ScoringSettings.Top)) ?? 100;
        RunStart start;
        try
        {
            start = await worker.TryStartRunAsync(new RunRequest(r.Jobs?.Distinct(StringComparer.Ordinal).ToList(), top, ScoringRunTrigger.Api), ct);
        }
        catch (UnknownJobsException e)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.UnknownJobs, e.Message,
                new Dictionary<string, object?> { ["unknownJobs"] = e.JobIds }));
            return;
        }
        if (start.Started is not { } run)
        {
            var running = start.Running;
            await Send.ResultAsync(Problems.Result(ProblemTypes.RunInProgress,
                running is null
                    ? "Another scoring run holds the lock; try again when it has finished."
                    : $"Run {running.Id} ({running.Trigger}, started {running.StartedAt:u}) is running; try again when it has finished.",
                new Dictionary<string, object?> { ["runningId"] = running?.Id }));
            return;
        }
        HttpContext.Response.Headers.Location = $"/scoring-runs/{Uri.EscapeDataString(run.Id)}";
        await Send.ResponseAsync(new Response(run.Id, ScoringRunStatus.Running), 202, ct);
    }
}
