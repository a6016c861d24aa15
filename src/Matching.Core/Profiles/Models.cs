namespace Matching.Core.Profiles;

/// <summary>Where a skill in a profile comes from.</summary>
public enum SkillSource
{
    /// <summary>Stated in the questionnaire; carries evidence.</summary>
    Mentioned,
    /// <summary>Implied by the taxonomy (an ancestor of a mentioned or manual skill).</summary>
    Inferred,
    /// <summary>Set by a recruiter through the overrides endpoint.</summary>
    Manual,
}

/// <summary>
/// A quote from the questionnaire. <see cref="Start"/>/<see cref="End"/> are UTF-16 offsets (end exclusive)
/// into the text as sent: the <c>content</c> for markdown/text, or <c>answers[Answer].answer</c> for qa.
/// </summary>
public sealed record Evidence(string Section, string Quote, int Start, int End, int? Answer = null);

/// <summary>One skill of a profile. <see cref="Via"/> names the skill an inferred one was implied by.</summary>
public sealed record ProfileSkill(
    string SkillId,
    double Level,
    SkillSource Source,
    IReadOnlyList<Evidence> Evidence,
    string? Reason = null,
    string? Via = null);

public sealed record Experience(string Organization, string? Role);

public sealed record Profile(
    string Id,
    string? ExternalId,
    string Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ProfileSkill> Skills,
    IReadOnlyList<Experience> Experience);

/// <summary>A recruiter's override of one skill: a level to set (adds the skill if absent) or a removal.</summary>
public sealed record SkillOverride(string SkillId, double? Level, bool Remove);
