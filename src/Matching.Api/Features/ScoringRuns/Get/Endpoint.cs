using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.ScoringRuns.Get;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IScoringRunStore runs) : Endpoint<Request, ScoringRunDto>
{
    public override void Configure()
    {
        Get("/scoring-runs/{id}");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get a scoring run";
            s.Responses[200] = "The run";
            s.Description = "Its status, progress while running (jobsScored of jobsTotal), and when done the totals of what changed " +
                            "(new, dropped, moved up, moved down, unchanged), where the time went, and the webhook's outcome.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await runs.GetAsync(r.Id, ct) is { } run) await Send.OkAsync(ScoringRunDto.From(run), ct);
        else await Send.ResultAsync(Problems.NotFound("Scoring run", r.Id));
    }
}
