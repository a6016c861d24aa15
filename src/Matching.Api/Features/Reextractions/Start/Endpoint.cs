using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Reextractions.Start;

public sealed class Endpoint(ReextractionWorker worker, IReextractionStore runs) : EndpointWithoutRequest<ReextractionRunDto>
{
    public override void Configure()
    {
        Post("/reextractions");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .ClearDefaultAccepts()
            .Produces<ReextractionRunDto>(202, "application/json")
            .ProducesProblems(409));
        Summary(s =>
        {
            s.Summary = "Start re-extracting stale profiles (admin)";
            s.Description =
                "Re-extracts, in the background, every stored profile whose extractorVersion or taxonomyVersion differs from this " +
                "server's, from its stored questionnaire: recruiter overrides are kept, skills and vectors recomposed, and every " +
                "replica's match index follows. One profile per transaction; a profile rewritten or erased meanwhile is skipped, " +
                "and one whose questionnaire no longer yields skills keeps its previous extraction (counted as failed, with the " +
                "reason code). A run left by a killed process is resumed where it stopped. One run at a time, shared with the " +
                "Matching.Nightly reextract command: a 409 names the running run. No body.";
            s.Responses[202] = "Started (or resumed); follow it at /reextractions/{id}";
            s.Responses[409] = "A run is already running (runningId)";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var start = await worker.TryStartAsync(ct);
        if (start.Started is not { } run)
        {
            var running = start.Running;
            await Send.ResultAsync(Problems.Result(ProblemTypes.RunInProgress,
                running is null
                    ? "Another re-extraction run holds the lock; try again when it has finished."
                    : $"Run {running.Id} ({running.Trigger}, started {running.StartedAt:u}) is running: {running.Counts.Done} of " +
                      $"{running.Counts.Total} done. Follow it at /reextractions/{running.Id}.",
                new Dictionary<string, object?> { ["runningId"] = running?.Id }));
            return;
        }
        HttpContext.Response.Headers.Location = $"/reextractions/{Uri.EscapeDataString(run.Id)}";
        await Send.ResponseAsync(await ReextractionRunDto.ReadAsync(runs, run.Run, ct), 202, ct);
    }
}
