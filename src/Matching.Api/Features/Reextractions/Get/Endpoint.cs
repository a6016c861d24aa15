using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Reextractions.Get;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IReextractionStore runs) : Endpoint<Request, ReextractionRunDto>
{
    public override void Configure()
    {
        Get("/reextractions/{id}");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b.ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get a re-extraction run (admin)";
            s.Responses[200] = "The run";
            s.Description = "Its status, target versions and progress: total due, done, changed, unchanged, failed (by reason code, " +
                            "with the first failed profiles) and skipped, and when it started, last moved and finished.";
            s.Params["id"] = "The run id returned by POST /reextractions";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await runs.GetAsync(r.Id, ct) is { } run) await Send.OkAsync(await ReextractionRunDto.ReadAsync(runs, run, ct), ct);
        else await Send.ResultAsync(Problems.NotFound("Re-extraction run", r.Id));
    }
}
