using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

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
    IReadOnlyList<Experience> Experience,
    ExtractionVersions Versions,
    ProfileAttributes? Attributes = null,
    string? YearsOfExperienceSource = null);

/// <summary>
/// Which extraction rules (<see cref="ExtractorVersion.Current"/>) and taxonomy (<see cref="SkillTaxonomy.Version"/>)
/// made a stored profile's extraction, as <c>scorerVersion</c> is recorded with a score. A profile whose versions differ
/// from the running ones is due for re-extraction from its stored questionnaire.
/// </summary>
public sealed record ExtractionVersions(string Extractor, string Taxonomy)
{
    /// <summary>Both versions of a profile stored before versions were recorded: always due.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The extractor version of generated profiles (the synthetic bulk loader). Their questionnaire is a placeholder
    /// that yields nothing, so re-extraction never touches them.
    /// </summary>
    public const string Synthetic = "synthetic";

    /// <summary>What an extraction by this program with <paramref name="taxonomy"/> writes.</summary>
    public static ExtractionVersions Current(SkillTaxonomy taxonomy) => new(ExtractorVersion.Current, taxonomy.Version);

    /// <summary>A synthetic profile stamped with the taxonomy it was composed with.</summary>
    public static ExtractionVersions SyntheticOf(SkillTaxonomy taxonomy) => new(Synthetic, taxonomy.Version);

    /// <summary>Whether a profile stored with these versions should be re-extracted to reach <paramref name="target"/>.</summary>
    public bool IsDueFor(ExtractionVersions target) =>
        !string.Equals(Extractor, Synthetic, StringComparison.Ordinal) && this != target;
}

/// <summary>A recruiter's override of one skill: a level to set (adds the skill if absent) or a removal.</summary>
public sealed record SkillOverride(string SkillId, double? Level, bool Remove);
