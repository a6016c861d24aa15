using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Delete;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IProfileWriter profiles, MatchIndexHost index) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/profiles/{id}");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b.Produces(204).ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Erase a profile";
            s.Description = "Deletes the profile, its questionnaire text, evidence, overrides and stored scores. It leaves /match at once.";
            s.Responses[204] = "Erased";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (!await profiles.DeleteAsync(r.Id, ct))
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        await index.CatchUpAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
