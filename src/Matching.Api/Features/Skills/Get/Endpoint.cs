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
        Description(b => b.ProducesProblemDetails(404, "application/problem+json"));
        Summary(s =>
        {
            s.Summary = "Get one skill by id";
            s.Params["id"] = "The skill's stable slug, e.g. pytorch";
        });
    }

    public override Task HandleAsync(Request r, CancellationToken ct) =>
        taxonomy.Find(r.Id) is { } skill
            ? Send.OkAsync(SkillDto.From(skill), ct)
            : Send.ResultAsync(Problems.NotFound("Skill", r.Id));
}
