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

public sealed class Endpoint(IProfileReader profiles, SkillTaxonomy taxonomy) : Endpoint<Request, ProfileDto>
{
    public override void Configure()
    {
        Get("/profiles/{id}");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.Produces(304).ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get a stored profile";
            s.Responses[200] = "The profile, with its ETag";
            s.Params["id"] = "The profile id returned by POST /profiles";
            s.Description = "With an ETag that changes whenever the profile does (re-ingest, override, re-extraction): send it back in " +
                            "If-None-Match to get 304 while it is unchanged. Personal data: Cache-Control: no-store.";
            s.Responses[304] = "Not modified: the ETag in If-None-Match is current";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await profiles.GetAsync(r.Id, ct) is { } profile)
            await Send.ResultAsync(ConditionalJson.For(ProfileDto.From(profile, taxonomy), ConditionalJson.PersonalData));
        else await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
    }
}
