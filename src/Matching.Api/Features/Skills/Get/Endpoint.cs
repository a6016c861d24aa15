using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Skills.Get;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(SkillTaxonomy taxonomy) : Endpoint<Request, SkillDto>
{
    public override void Configure()
    {
        Get("/skills/{id}");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.Produces(304).ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get one skill by id";
            s.Responses[200] = "The skill, with its ETag";
            s.Description = "With an ETag: send it back in If-None-Match to get 304 while the skill is unchanged.";
            s.Responses[304] = "Not modified: the ETag in If-None-Match is current";
            s.Params["id"] = "The skill's stable slug, e.g. pytorch";
        });
    }

    public override Task HandleAsync(Request r, CancellationToken ct) =>
        taxonomy.Find(r.Id) is { } skill
            ? Send.ResultAsync(ConditionalJson.For(SkillDto.From(skill), ConditionalJson.Revalidate))
            : Send.ResultAsync(Problems.NotFound("Skill", r.Id));
}
