using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Candidates.Reject;

public sealed class Endpoint(ICandidateTermStore candidates) : EndpointWithoutRequest<CandidateRejectedDto>
{
    public override void Configure()
    {
        Post("/taxonomy/candidates/{term}/reject");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .ClearDefaultAccepts()
            .ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Reject a candidate term: not a skill (admin)";
            s.Description =
                "Adds the term to the stop list: GET /taxonomy/candidates never lists it again, whatever profiles name it now " +
                "or later. Profiles and the taxonomy are not changed. 404 not-found when no stored profile names the term or " +
                "it was rejected already. No body.";
            s.Params["term"] = "The term as GET /taxonomy/candidates lists it, e.g. Zorblax";
            s.Responses[200] = "Rejected";
            s.Responses[404] = "No stored profile names the term, or it was rejected already";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var term = Route<string>("term") ?? "";
        var key = term.Length <= CandidateTermDto.MaxTermLength ? CandidateTerm.KeyOf(term) : "";
        if (key.Length == 0 || await candidates.FindAsync(key, ct) is not { } found)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.NotFound, "No stored profile names this term, or it was rejected already."));
            return;
        }
        await candidates.RejectAsync(key, found.Display, User.Identity?.Name, ct);
        await Send.OkAsync(new CandidateRejectedDto(found.Display, found.Profiles), ct);
    }
}
