using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;

namespace Matching.Api.Features.Skills.Resolve;

public sealed class Request
{
    /// <summary>A free-text term: an id, a name or any alias, e.g. "постгрес", "Postgres", "YOLOv8".</summary>
    [Required]
    public string? Text { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Text).NotEmpty().WithMessage("Give the term to resolve in ?text=.").MaximumLength(200);
    }
}

/// <summary>A skill a term resolves to.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="MatchedAlias">The alias (or name, or id) of the skill that the term matched.</param>
/// <param name="Exact">true when the term is that alias exactly (ignoring case and punctuation); false for a close match.</param>
[NJsonSchema.Annotations.JsonSchema("SkillResolution")]
public sealed record Resolution(SkillDto Skill, string MatchedAlias, bool Exact);

/// <summary>What a free-text term resolves to.</summary>
/// <param name="Text">The term as resolved (trimmed).</param>
/// <param name="Matches">The skills the term names, best first; empty when nothing matches.</param>
/// <param name="Suggestions">When nothing matches: the closest skills, best first; otherwise empty.</param>
public sealed record Response(string Text, IReadOnlyList<Resolution> Matches, IReadOnlyList<Resolution> Suggestions);

public sealed class Endpoint(SkillResolver resolver) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/skills/resolve");
        Policies(ApiKeyDefaults.ReadPolicy);
        Summary(s =>
        {
            s.Summary = "Resolve a free-text term to skills";
            s.Responses[200] = "The skills the term names, or the closest suggestions";
            s.Description = "Returns the skill(s) the term names, with the alias that matched; when nothing matches, the closest suggestions.";
        });
    }

    public override Task HandleAsync(Request r, CancellationToken ct)
    {
        var text = r.Text!.Trim();
        var matches = resolver.ResolveAll(text).Select(m => new Resolution(SkillDto.From(m.Skill), m.MatchedAlias, m.Exact)).ToList();
        var suggestions = matches.Count == 0
            ? resolver.Suggest(text).Select(m => new Resolution(SkillDto.From(m.Skill), m.MatchedAlias, false)).ToList()
            : [];
        return Send.OkAsync(new Response(text, matches, suggestions), ct);
    }
}
