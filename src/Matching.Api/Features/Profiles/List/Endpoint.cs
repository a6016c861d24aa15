using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.List;

public sealed class Request
{
    /// <summary>Only the profile with this externalId.</summary>
    public string? ExternalId { get; set; }
    /// <summary>Only profiles having this skill (id, name or alias), at any source.</summary>
    public string? Skill { get; set; }
    /// <summary>With skill: only at this level or above (0–1).</summary>
    public double? MinLevel { get; set; }
    /// <summary>Page size, 1–200 (default 20).</summary>
    public int? Limit { get; set; }
    /// <summary>The nextCursor of the previous page.</summary>
    public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.ExternalId).MaximumLength(200);
        RuleFor(r => r.Skill).MaximumLength(200);
        RuleFor(r => r.MinLevel).InclusiveBetween(0, 1);
        RuleFor(r => r.MinLevel).Null().When(r => string.IsNullOrWhiteSpace(r.Skill))
            .WithMessage("minLevel filters the level of ?skill=; give a skill too.");
        RuleFor(r => r.Limit).InclusiveBetween(1, 200);
        RuleFor(r => r.Cursor).MaximumLength(400);
    }
}

public sealed class Endpoint(IProfileReader profiles, SkillTaxonomy taxonomy, SkillResolver resolver) : Endpoint<Request, Paged<ProfileDto>>
{
    public override void Configure()
    {
        Get("/profiles");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(422));
        Summary(s =>
        {
            s.Summary = "List stored profiles";
            s.Responses[200] = "A page of profiles";
            s.Description = "Filters by externalId and by a skill at a minimum level; ordered by id (creation order), paged with an opaque cursor.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        string? skill = null;
        if (!string.IsNullOrWhiteSpace(r.Skill))
        {
            if (resolver.Resolve(r.Skill) is not { } resolved)
            {
                await Send.ResultAsync(UnknownSkills.Problem([UnknownSkills.For(r.Skill, resolver)]));
                return;
            }
            skill = resolved.Skill.Id;
        }
        Page<Core.Profiles.Profile> page;
        try
        {
            page = await profiles.ListAsync(new ProfileQuery(r.ExternalId, skill, r.MinLevel, r.Limit ?? 20, r.Cursor), ct);
        }
        catch (InvalidCursorException)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.InvalidCursor, "The cursor is not one this API issued."));
            return;
        }
        await Send.OkAsync(new Paged<ProfileDto>(page.Items.Select(p => ProfileDto.From(p, taxonomy)).ToList(), page.NextCursor), ct);
    }
}
