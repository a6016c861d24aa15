using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Matching.Api.Infrastructure;
using Matching.Core.Jobs;

namespace Matching.Api.Features.Requirements;

/// <summary>One requirement as a client writes it.</summary>
public sealed class RequirementInput
{
    /// <summary>The skill: an id, a name or any alias ("Postgres", "пайторч").</summary>
    [Required]
    public string? Skill { get; set; }
    /// <summary>Importance, 0–1 (default 1).</summary>
    public double? Weight { get; set; }
    /// <summary>Candidates without it (at minLevel) rank below all who have it; with strict they are dropped (default false).</summary>
    public bool? Required { get; set; }
    /// <summary>
    /// The level a candidate should reach, 0–1 (default 0.5: working knowledge): reaching it earns 85% of the requirement's
    /// credit, depth above it the rest (in full at level 1), and below it the credit shrinks in proportion.
    /// </summary>
    public double? MinLevel { get; set; }
}

public sealed class RequirementInputValidator : AbstractValidator<RequirementInput>
{
    public RequirementInputValidator()
    {
        RuleFor(r => r.Skill).NotEmpty().WithMessage("Each requirement needs a skill.").MaximumLength(200);
        RuleFor(r => r.Weight).InclusiveBetween(0, 1);
        RuleFor(r => r.MinLevel).InclusiveBetween(0, 1);
    }
}

public static class RequirementRules
{
    public static void AddRequirementRules<T>(this AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, List<RequirementInput>?>> get, ApiLimits limits, bool required)
    {
        var rule = v.RuleFor(get);
        if (required) rule.NotEmpty().WithMessage("requirements: give at least one.");
        rule.Must(r => r is null || r.Count <= limits.MaxRequirements)
            .WithMessage($"At most {limits.MaxRequirements} requirements.")
            .Must(r => r is null || r.Count == 0 || r.Any(x => x is not null && (x.Weight ?? 1) > 0))
            .WithMessage("At least one requirement needs a weight above 0.")
            .Must(r => r is null || r.All(x => x is not null))
            .WithMessage("A requirement cannot be null.");
        v.RuleFor(get).ForEach(item => item.SetValidator(new RequirementInputValidator()));
    }

    /// <summary>Resolves each requirement's skill; unknown ones are reported together, duplicates merged into an error.</summary>
    public static (IReadOnlyList<Requirement>? Requirements, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem) Resolve(
        IReadOnlyList<RequirementInput> inputs, SkillResolver resolver)
    {
        var resolved = new List<Requirement>();
        var unknown = new List<UnknownSkill>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (resolver.Resolve(input.Skill!) is not { } hit)
            {
                unknown.Add(UnknownSkills.For(input.Skill!, resolver));
                continue;
            }
            if (seen.TryGetValue(hit.Skill.Id, out var first))
                return (null, Problems.Result(ProblemTypes.DuplicateRequirement,
                    $"'{input.Skill}' and '{first}' are the same skill ('{hit.Skill.Id}'); list each skill once."));
            seen[hit.Skill.Id] = input.Skill!;
            resolved.Add(new Requirement(hit.Skill.Id, input.Weight ?? 1.0, input.Required == true, input.MinLevel ?? 0.5));
        }
        return unknown.Count > 0 ? (null, UnknownSkills.Problem(unknown)) : (resolved, null);
    }
}
