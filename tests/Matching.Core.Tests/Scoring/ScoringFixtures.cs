using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Core.Tests.Scoring;

/// <summary>Small inline taxonomies and profiles for the scoring tests.</summary>
internal static class ScoringFixtures
{
    /// <summary>
    /// programming ⊃ python ⊃ {pytorch, pandas}, programming ⊃ sql ⊃ {postgresql, mysql};
    /// machine-learning ⊃ deep-learning ⊃ {pytorch, tensorflow}; related: pytorch~tensorflow, postgresql~mysql, pandas~sql.
    /// </summary>
    public static readonly SkillTaxonomy TestTaxonomy = Build(
        ("programming", [], []),
        ("python", ["programming"], []),
        ("sql", ["programming"], []),
        ("machine-learning", [], []),
        ("deep-learning", ["machine-learning"], []),
        ("pytorch", ["python", "deep-learning"], ["tensorflow"]),
        ("tensorflow", ["deep-learning"], []),
        ("pandas", ["python"], ["sql"]),
        ("postgresql", ["sql"], ["mysql"]),
        ("mysql", ["sql"], []),
        ("docker", [], []));

    public static SkillTaxonomy Build(params (string Id, string[] Parents, string[] Related)[] skills) =>
        new("test", [], skills.Select(s => new SkillDefinition(s.Id, s.Id, "test", s.Parents, s.Related, [])).ToList());

    /// <summary>A profile's effective vector from mentioned skills (each with one piece of evidence naming it).</summary>
    public static IReadOnlyList<ProfileSkill> Vector(params (string Skill, double Level)[] mentioned) =>
        Vector(TestTaxonomy, mentioned);

    public static IReadOnlyList<ProfileSkill> Vector(SkillTaxonomy taxonomy, params (string Skill, double Level)[] mentioned) =>
        SkillVector.Compose(taxonomy, mentioned.Select(m =>
            new ProfileSkill(m.Skill, m.Level, SkillSource.Mentioned, [new Evidence("skills", $"I use {m.Skill}", 0, 6 + m.Skill.Length)])));

    public static Requirement Req(string skill, double weight = 1, bool required = false, double minLevel = 0.5) =>
        new(skill, weight, required, minLevel);

    public static MatchIndex Index(params (string Id, IReadOnlyList<ProfileSkill> Vector)[] profiles)
    {
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Load(profiles.Select(p => new IndexedProfile(p.Id, "ext-" + p.Id, p.Vector)));
        return index;
    }

    /// <summary>The reference ranking: score every profile one by one with <see cref="Scorer"/>, filter, sort, cut.</summary>
    public static List<MatchHit> RankOneByOne(
        SkillTaxonomy taxonomy,
        IEnumerable<(string Id, string? ExternalId, IReadOnlyList<ProfileSkill> Vector)> profiles,
        IReadOnlyList<Requirement> requirements,
        MatchOptions options) =>
        profiles
            .Select(p => (p.Id, p.ExternalId, Score: Scorer.Score(taxonomy, p.Vector, requirements)))
            .Where(x => x.Score.Score > 0 || x.Score.MatchedAnything)
            .Where(x => !options.Strict || x.Score.MissingRequired.Count == 0)
            .Where(x => options.MinScore is null || x.Score.Score >= (decimal)options.MinScore.Value)
            .OrderBy(x => x.Score.MissingRequired.Count)
            .ThenByDescending(x => x.Score.Score)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(options.TopK)
            .Select((x, i) => new MatchHit(i + 1, x.Id, x.ExternalId, x.Score.Score, x.Score.MissingRequired))
            .ToList();
}
