using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Api.Contracts;

/// <summary>
/// A skill of the taxonomy. externalIds: its ids in other systems (ESCO URI, Lightcast id, the customer's own) by system name;
/// custom: added through POST /taxonomy/skills rather than shipped.
/// </summary>
public sealed record SkillDto(
    string Id,
    string Name,
    string Category,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Parents,
    IReadOnlyList<string> Related,
    IReadOnlyDictionary<string, string> ExternalIds,
    bool Custom)
{
    public static SkillDto From(SkillDefinition s) => new(
        s.Id, s.Name, s.Category,
        s.Aliases.Select(a => a.Text).Distinct(StringComparer.Ordinal).ToList(),
        s.Parents, s.Related, s.ExternalIds, s.Custom);
}

/// <summary>A quote from the questionnaire; start/end are UTF-16 offsets (end exclusive) into the text as sent (for qa: into answers[answer].answer).</summary>
public sealed record EvidenceDto(string Section, string Quote, int Start, int End, int? Answer)
{
    public static EvidenceDto From(Evidence e) => new(e.Section, e.Quote, e.Start, e.End, e.Answer);
}

/// <summary>One skill of a profile. source: mentioned | inferred | manual; level 0–1 (0.25 familiar, 0.5 working, 0.75 strong, 1 expert).</summary>
public sealed record ProfileSkillDto(
    string Skill,
    string Name,
    double Level,
    string Source,
    string? Reason,
    string? Via,
    IReadOnlyList<EvidenceDto> Evidence);

public sealed record ExperienceDto(string Organization, string? Role);

/// <summary>
/// A profile. extractorVersion and taxonomyVersion name the extraction rules and taxonomy its skills were extracted with
/// ("unknown" for profiles stored before versions were recorded, "synthetic" for generated ones); a profile whose
/// versions differ from the running ones is re-extracted by the next re-extraction run (POST /reextractions).
/// </summary>
public sealed record ProfileDto(
    string? Id,
    string? ExternalId,
    string Language,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string ExtractorVersion,
    string TaxonomyVersion,
    IReadOnlyList<ProfileSkillDto> Skills,
    IReadOnlyList<ExperienceDto> Experience)
{
    public static ProfileDto From(Profile p, SkillTaxonomy taxonomy) => new(
        p.Id, p.ExternalId, p.Language, p.CreatedAt, p.UpdatedAt, p.Versions.Extractor, p.Versions.Taxonomy,
        SkillsOf(p.Skills, taxonomy), p.Experience.Select(e => new ExperienceDto(e.Organization, e.Role)).ToList());

    public static IReadOnlyList<ProfileSkillDto> SkillsOf(IEnumerable<ProfileSkill> skills, SkillTaxonomy taxonomy) =>
        skills.Select(s => new ProfileSkillDto(
            s.SkillId,
            taxonomy.Find(s.SkillId)?.Name ?? s.SkillId,
            Math.Round(s.Level, 4),
            SourceName(s.Source),
            s.Reason,
            s.Via,
            s.Evidence.Select(EvidenceDto.From).ToList())).ToList();

    public static string SourceName(SkillSource source) => source switch
    {
        SkillSource.Mentioned => "mentioned",
        SkillSource.Inferred => "inferred",
        _ => "manual",
    };
}

public sealed record RequirementDto(string Skill, string Name, double Weight, bool Required, double MinLevel)
{
    public static RequirementDto From(Requirement r, SkillTaxonomy taxonomy) =>
        new(r.Skill, taxonomy.Find(r.Skill)?.Name ?? r.Skill, r.Weight, r.Required, r.MinLevel);
}

public sealed record JobDto(
    string Id,
    string? ExternalId,
    string Title,
    string? Description,
    string Status,
    IReadOnlyList<RequirementDto> Requirements,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static JobDto From(Job j, SkillTaxonomy taxonomy) => new(
        j.Id, j.ExternalId, j.Title, j.Description, j.Status,
        j.Requirements.Select(r => RequirementDto.From(r, taxonomy)).ToList(), j.CreatedAt, j.UpdatedAt);
}

/// <summary>
/// How one requirement was met: relation exact | child | parent | related | none; contributions (two decimals, like the
/// score) add up to the shown score exactly. depthCredit and depthContribution are the parts of credit and contribution
/// earned by the level's depth above minLevel (0 below it); contribution − depthContribution is what meeting minLevel earned.
/// </summary>
public sealed record BreakdownDto(
    string Requirement,
    string? MatchedSkill,
    string Relation,
    double Level,
    double Credit,
    double DepthCredit,
    decimal Contribution,
    decimal DepthContribution,
    IReadOnlyList<EvidenceDto> Evidence)
{
    /// <summary>A whole breakdown with its shown (two-decimal) contributions, which add up to <see cref="ShownScores.Shown.Score"/>.</summary>
    public static List<BreakdownDto> ListOf(ProfileScore score, ShownScores.Shown shown, Func<RequirementScore, IReadOnlyList<EvidenceDto>>? evidence = null)
    {
        var list = new List<BreakdownDto>(score.Breakdown.Count);
        for (var i = 0; i < score.Breakdown.Count; i++)
        {
            var r = score.Breakdown[i];
            list.Add(new BreakdownDto(r.Requirement, r.MatchedSkill, NameOf(r.Relation),
                Math.Round(r.Level, 4), Math.Round(r.Credit, 4), Math.Round(r.DepthCredit, 4),
                shown.Contributions[i], shown.DepthContributions[i],
                evidence is null ? r.Evidence.Select(EvidenceDto.From).ToList() : evidence(r)));
        }
        return list;
    }

    private static string NameOf(Core.Scoring.Relation relation) => relation switch
    {
        Core.Scoring.Relation.Exact => "exact",
        Core.Scoring.Relation.Child => "child",
        Core.Scoring.Relation.Parent => "parent",
        Core.Scoring.Relation.Related => "related",
        _ => "none",
    };
}

public sealed record Paged<T>(IReadOnlyList<T> Items, string? NextCursor);
