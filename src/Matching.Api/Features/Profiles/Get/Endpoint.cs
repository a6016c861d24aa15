using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Get;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IProfileStore profiles, SkillTaxonomy taxonomy) : Endpoint<Request, ProfileDto>
{
    public override void Configure()
    {
        Get("/profiles/{id}");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblemDetails(404, "application/problem+json"));
        Summary(s =>
        {
            s.Summary = "Get a stored profile";
            s.Params["id"] = "The profile id returned by POST /profiles";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await profiles.GetAsync(r.Id, ct) is { } profile) await Send.OkAsync(ProfileDto.From(profile, taxonomy), ct);
        else await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
    }
}
