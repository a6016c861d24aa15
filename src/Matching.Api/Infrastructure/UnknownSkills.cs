using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Infrastructure;

/// <summary>A skill term that matched no skill of the taxonomy.</summary>
/// <param name="Skill">The term as the client sent it.</param>
/// <param name="Suggestions">The ids of the closest skills, best first (may be empty).</param>
public sealed record UnknownSkill(string Skill, IReadOnlyList<string> Suggestions);

public static class UnknownSkills
{
    /// <summary>422 naming every skill that did not resolve, each with the closest skill ids.</summary>
    public static ProblemHttpResult Problem(IReadOnlyList<UnknownSkill> unknown) =>
        Problems.Result(ProblemTypes.UnknownSkill,
            string.Join(" ", unknown.Select(u => u.Suggestions.Count > 0
                ? $"'{u.Skill}' is not a known skill; did you mean {string.Join(", ", u.Suggestions.Select(s => $"'{s}'"))}?"
                : $"'{u.Skill}' is not a known skill.")),
            new Dictionary<string, object?> { ["unknownSkills"] = unknown });

    public static UnknownSkill For(string term, SkillResolver resolver) =>
        new(term, resolver.Suggest(term).Select(s => s.Skill.Id).ToList());
}
