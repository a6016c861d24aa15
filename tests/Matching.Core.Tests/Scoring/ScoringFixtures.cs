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

    /// <summary>
    /// The reference for a filtered, paged, faceted query: keep the profiles <see cref="MatchFilter.Matches"/> accepts
    /// (a skill counts as had at a level above 0 in the effective vector as the scorer reads it), score each one with
    /// <see cref="Scorer"/>, drop those that matched nothing or fail strict/minScore, sort. Every profile of the ranking,
    /// with its rank from 1.
    /// </summary>
    public static List<(MatchHit Hit, MatchCursor Cursor)> RankAll(
        SkillTaxonomy taxonomy,
        IEnumerable<(string Id, string? ExternalId, IReadOnlyList<ProfileSkill> Vector, ProfileAttributes? Attributes)> profiles,
        IReadOnlyList<Requirement> requirements,
        MatchOptions options)
    {
        var filter = options.Filter;
        return profiles
            .Where(p => filter is null || filter.Matches((p.Attributes ?? ProfileAttributes.None).Normalise(), HasSkill(taxonomy, p.Vector).Contains))
            .Select(p => (p.Id, p.ExternalId, Score: Scorer.Score(taxonomy, p.Vector, requirements)))
            .Where(x => x.Score.Score > 0 || x.Score.MatchedAnything)
            .Where(x => !options.Strict || x.Score.MissingRequired.Count == 0)
            .Where(x => options.MinScore is null || x.Score.Score >= (decimal)options.MinScore.Value)
            .OrderBy(x => x.Score.MissingRequired.Count)
            .ThenByDescending(x => x.Score.Score)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Select((x, i) =>
            {
                var hit = new MatchHit(i + 1, x.Id, x.ExternalId, x.Score.Score, x.Score.MissingRequired);
                return (hit, MatchCursor.Of(hit));
            })
            .ToList();
    }

    /// <summary>The skill ids an effective vector has at a level above 0, as the scorer reads the vector (one entry per skill).</summary>
    public static HashSet<string> HasSkill(SkillTaxonomy taxonomy, IReadOnlyList<ProfileSkill> vector)
    {
        var kept = new Dictionary<string, ProfileSkill>(StringComparer.Ordinal);
        foreach (var s in vector)
        {
            if (!taxonomy.Contains(s.SkillId)) continue;
            var isExplicit = s.Source != SkillSource.Inferred;
            if (!kept.TryGetValue(s.SkillId, out var had)) kept[s.SkillId] = s;
            else if (isExplicit != (had.Source != SkillSource.Inferred) ? isExplicit : s.Level > had.Level) kept[s.SkillId] = s;
        }
        return kept.Values.Where(s => ScoringRules.Quantize(s.Level) > 0).Select(s => s.SkillId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Facet counts the slow way, over a ranking's profiles (count descending, then value; the first <paramref name="size"/>).</summary>
    public static List<FacetValue> NaiveFacet(SkillTaxonomy taxonomy, string name,
        IEnumerable<(IReadOnlyList<ProfileSkill> Vector, ProfileAttributes? Attributes)> profiles, int size)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (vector, attributes) in profiles)
        {
            var a = (attributes ?? ProfileAttributes.None).Normalise();
            IEnumerable<string> values = name switch
            {
                MatchFacets.Country => a.Location?.Country is { } c ? [c] : [],
                MatchFacets.City => a.Location?.City is { } c ? [c] : [],
                MatchFacets.Remote => a.Remote is { } r ? [r ? "true" : "false"] : [],
                MatchFacets.Relocation => a.Relocation is { } r ? [r ? "true" : "false"] : [],
                MatchFacets.Languages => a.Languages.Select(l => l.Code),
                MatchFacets.Tags => a.Tags,
                MatchFacets.Skills => HasSkill(taxonomy, vector),
                _ => a.Custom.TryGetValue(name[MatchFacets.CustomPrefix.Length..], out var v)
                    ? [v.Type == CustomFieldType.String ? v.TextKey! : v.Type == CustomFieldType.Number && v.Number == 0 ? "0" : v.ToString()]
                    : [],
            };
            foreach (var value in values) counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(size)
            .Select(kv => new FacetValue(kv.Key, kv.Value)).ToList();
    }
}
