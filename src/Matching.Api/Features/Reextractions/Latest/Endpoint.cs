using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Reextractions.Latest;

public sealed class Endpoint(IReextractionStore runs) : EndpointWithoutRequest<ReextractionRunDto>
{
    public override void Configure()
    {
        Get("/reextractions/latest");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b.ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get the latest re-extraction run (admin)";
            s.Responses[200] = "The latest run";
            s.Description = "The most recently started run, running or finished, as GET /reextractions/{id}. 404 before the first run.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await runs.LatestAsync(ct) is { } run) await Send.OkAsync(await ReextractionRunDto.ReadAsync(runs, run, ct), ct);
        else await Send.ResultAsync(Problems.Result(ProblemTypes.NotFound,
            "No re-extraction run has been started; start one with POST /reextractions."));
    }
}
