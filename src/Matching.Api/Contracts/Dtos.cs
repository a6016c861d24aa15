using System.ComponentModel.DataAnnotations;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Api.Contracts;

/// <summary>A skill of the taxonomy.</summary>
/// <param name="Id">The stable lowercase slug that identifies the skill everywhere (requirements, profiles, matches), e.g. pytorch.</param>
/// <param name="Name">The display name, e.g. PyTorch.</param>
/// <param name="Category">The id of the skill's category, e.g. ml-frameworks.</param>
/// <param name="Aliases">Every spelling the skill is found by in questionnaires and requirements, Russian ones included.</param>
/// <param name="Parents">The ids of the broader skills it implies (YOLO ⇒ object detection), nearest first.</param>
/// <param name="Related">The ids of skills close to it that earn part of the credit in matching.</param>
/// <param name="ExternalIds">The skill's ids in other systems (ESCO URI, Lightcast id, the customer's own) by system name.</param>
/// <param name="Custom">True for a skill added through POST /taxonomy/skills; false for one shipped with the service.</param>
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
/// <param name="Section">The heading or question of the part of the questionnaire the quote is from.</param>
/// <param name="Quote">The sentence or clause that names the skill, as written.</param>
/// <param name="Start">UTF-16 offset of the quote's first character in the text as sent (for qa: in answers[answer].answer).</param>
/// <param name="End">UTF-16 offset just past the quote's last character (exclusive).</param>
/// <param name="Answer">For the qa format: the index of the answer the quote is from; null for markdown and text.</param>
public sealed record EvidenceDto(string Section, string Quote, int Start, int End, int? Answer)
{
    public static EvidenceDto From(Evidence e) => new(e.Section, e.Quote, e.Start, e.End, e.Answer);
}

/// <summary>
/// A skill's quotes as answers show them, with their JSON written once: the evidence cache keeps these, so /match copies
/// a candidate's quotes into every answer that shows the candidate instead of encoding them each time
/// (<see cref="AnswerJson.WriteEvidence"/>). The serializer writes them as the list they are.
/// </summary>
public sealed class EncodedEvidence : IReadOnlyList<EvidenceDto>
{
    private readonly EvidenceDto[] _quotes;

    public EncodedEvidence(IEnumerable<Evidence> quotes)
    {
        _quotes = quotes.Select(EvidenceDto.From).ToArray();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, AnswerJson.WriterOptions)) AnswerJson.WriteEvidence(json, _quotes);
        Json = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The quotes as a JSON array.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public int Count => _quotes.Length;

    public EvidenceDto this[int index] => _quotes[index];

    public IEnumerator<EvidenceDto> GetEnumerator() => ((IEnumerable<EvidenceDto>)_quotes).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One skill of a profile. source: mentioned | inferred | manual; level 0–1 (0.25 familiar, 0.5 working, 0.75 strong, 1 expert).</summary>
/// <param name="Skill">The skill's id in the taxonomy.</param>
/// <param name="Name">The skill's display name.</param>
/// <param name="Level">Proficiency on a 0–1 scale: 0.25 familiar, 0.5 working, 0.75 strong, 1 expert.</param>
/// <param name="Source">mentioned: stated in the text (with evidence); inferred: implied by the taxonomy (YOLO ⇒ object detection); manual: set by a recruiter.</param>
/// <param name="Reason">Why the extractor gave this level (the cues it read), or null.</param>
/// <param name="Via">For an inferred skill: the id of the mentioned skill that implied it; otherwise null.</param>
/// <param name="Evidence">The quotes that name the skill; empty for inferred and manual skills.</param>
public sealed record ProfileSkillDto(
    string Skill,
    string Name,
    double Level,
    [property: AllowedValues("mentioned", "inferred", "manual")] string Source,
    string? Reason,
    string? Via,
    IReadOnlyList<EvidenceDto> Evidence);

/// <summary>A place of work found in the questionnaire.</summary>
/// <param name="Organization">The organization's name as written.</param>
/// <param name="Role">The candidate's role there, or null when the questionnaire does not say.</param>
public sealed record ExperienceDto(string Organization, string? Role);

/// <summary>
/// A profile. extractorVersion and taxonomyVersion name the extraction rules and taxonomy its skills were extracted with
/// ("unknown" for profiles stored before versions were recorded, "synthetic" for generated ones); a profile whose
/// versions differ from the running ones is re-extracted by the next re-extraction run (POST /reextractions).
/// </summary>
/// <param name="Id">The profile's id; null from POST /profiles/extract, which stores nothing.</param>
/// <param name="ExternalId">The HR system's id for the candidate, or null.</param>
/// <param name="Language">The questionnaire's language (ru or en), as given or detected.</param>
/// <param name="CreatedAt">When the profile was first stored (UTC); null from POST /profiles/extract.</param>
/// <param name="UpdatedAt">When it last changed: re-ingest, override or re-extraction (UTC); null from POST /profiles/extract.</param>
/// <param name="ExtractorVersion">The extraction rules its skills were extracted with.</param>
/// <param name="TaxonomyVersion">The taxonomy its skills were extracted with.</param>
/// <param name="Skills">The skills, each with level, source and evidence.</param>
/// <param name="Experience">The places of work found in the questionnaire.</param>
/// <param name="Attributes">What the candidate is besides skills, as the HR system stated it (every part null or empty when not stated).</param>
public sealed record ProfileDto(
    string? Id,
    string? ExternalId,
    string Language,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string ExtractorVersion,
    string TaxonomyVersion,
    IReadOnlyList<ProfileSkillDto> Skills,
    IReadOnlyList<ExperienceDto> Experience,
    Features.Search.AttributesDto Attributes)
{
    public static ProfileDto From(Profile p, SkillTaxonomy taxonomy) => new(
        p.Id, p.ExternalId, p.Language, p.CreatedAt, p.UpdatedAt, p.Versions.Extractor, p.Versions.Taxonomy,
        SkillsOf(p.Skills, taxonomy), p.Experience.Select(e => new ExperienceDto(e.Organization, e.Role)).ToList(),
        Features.Search.AttributesDto.From(p.Attributes, p.YearsOfExperienceSource));

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

/// <summary>A requirement resolved to a skill of the taxonomy.</summary>
/// <param name="Skill">The skill's id.</param>
/// <param name="Name">The skill's display name.</param>
/// <param name="Weight">Importance, 0–1.</param>
/// <param name="Required">Candidates without it (at minLevel) rank below all who have it.</param>
/// <param name="MinLevel">The level a candidate should reach, 0–1.</param>
public sealed record RequirementDto(string Skill, string Name, double Weight, bool Required, double MinLevel)
{
    public static RequirementDto From(Requirement r, SkillTaxonomy taxonomy) =>
        new(r.Skill, taxonomy.Find(r.Skill)?.Name ?? r.Skill, r.Weight, r.Required, r.MinLevel);
}

/// <summary>A job (vacancy) with its requirements resolved to skills.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="ExternalId">The HR system's id for the vacancy, or null.</param>
/// <param name="Title">The job title.</param>
/// <param name="Description">The vacancy text, or null.</param>
/// <param name="Status">open jobs are scored by the nightly run and reverse matches; closed ones are kept but not scored.</param>
/// <param name="Requirements">The requirements, each resolved to a skill id.</param>
/// <param name="CreatedAt">When the job was created (UTC).</param>
/// <param name="UpdatedAt">When it was last replaced (UTC).</param>
/// <param name="Filter">The job's default match filter (applied by /match by jobId unless the request gives one, by the nightly lists and reverse matches), or null.</param>
public sealed record JobDto(
    string Id,
    string? ExternalId,
    string Title,
    string? Description,
    [property: AllowedValues("open", "closed")] string Status,
    IReadOnlyList<RequirementDto> Requirements,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Features.Search.FilterInput? Filter)
{
    public static JobDto From(Job j, SkillTaxonomy taxonomy) => new(
        j.Id, j.ExternalId, j.Title, j.Description, j.Status,
        j.Requirements.Select(r => RequirementDto.From(r, taxonomy)).ToList(), j.CreatedAt, j.UpdatedAt,
        Features.Search.FilterRules.ToDto(j.Filter));
}

/// <summary>
/// How one requirement was met: relation exact | child | parent | related | none; contributions (two decimals, like the
/// score) add up to the shown score exactly. depthCredit and depthContribution are the parts of credit and contribution
/// earned by the level's depth above minLevel (0 below it); contribution − depthContribution is what meeting minLevel earned.
/// </summary>
/// <param name="Requirement">The required skill's id.</param>
/// <param name="MatchedSkill">The candidate's skill that met it (the skill itself, a child, its parent or a related one), or null.</param>
/// <param name="Relation">How the matched skill relates to the required one: exact, child, parent, related, or none.</param>
/// <param name="Level">The candidate's level in the matched skill, 0–1 (0 when none).</param>
/// <param name="Credit">How well the requirement is met, 0–1.</param>
/// <param name="DepthCredit">The part of credit earned by the level's depth above minLevel.</param>
/// <param name="Contribution">This requirement's share of the score, two decimals; the contributions add up to the score.</param>
/// <param name="DepthContribution">The part of contribution earned by depth above minLevel.</param>
/// <param name="Evidence">The quotes from the questionnaire for the matched skill.</param>
public sealed record BreakdownDto(
    string Requirement,
    string? MatchedSkill,
    [property: AllowedValues("exact", "child", "parent", "related", "none")] string Relation,
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
                Shown(r.Level), Shown(r.Credit), Shown(r.DepthCredit),
                shown.Contributions[i], shown.DepthContributions[i],
                evidence is null ? r.Evidence.Select(EvidenceDto.From).ToList() : evidence(r)));
        }
        return list;
    }

    /// <summary>A level or credit as shown: four decimals.</summary>
    internal static double Shown(double value) => Math.Round(value, 4);

    internal static string NameOf(Core.Scoring.Relation relation) => relation switch
    {
        Core.Scoring.Relation.Exact => "exact",
        Core.Scoring.Relation.Child => "child",
        Core.Scoring.Relation.Parent => "parent",
        Core.Scoring.Relation.Related => "related",
        _ => "none",
    };
}

/// <summary>One page of a list.</summary>
/// <param name="Items">The items of this page, in the list's order.</param>
/// <param name="NextCursor">Pass as cursor to get the next page; null on the last page.</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, string? NextCursor);
