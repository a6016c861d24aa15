using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Loader;

/// <summary>
/// Synthetic profiles shaped like extracted questionnaires: people have one to three roles (a skill and its
/// neighbourhood — siblings, children, related skills), skill popularity follows a long tail (Zipf), levels cluster on the
/// values extraction produces (familiar 0.25 … expert 1.0) with some in between and a few odd values (as recruiters set
/// them), and every vector goes through <see cref="SkillVector.Compose"/> so inferred ancestors are there as in
/// production. <see cref="Profile(int)"/> is deterministic per index: profile 5 is the same whatever else is generated.
/// </summary>
public sealed class SyntheticProfiles
{
    private static readonly (double Level, double Weight)[] LevelSpread =
    [
        (0.25, 0.16), (0.4, 0.08), (0.5, 0.30), (0.6, 0.08), (0.75, 0.22), (0.9, 0.06), (1.0, 0.10),
    ];

    private static readonly string[] Phrases =
    [
        "В продакшене использовали", "Писал сервисы на", "Два года работал с", "Настраивал и поддерживал",
        "Used daily at work:", "Built the pipeline with", "Курсовой проект на", "Familiar with",
    ];

    private static readonly string[] Sections = ["experience", "projects", "tools", "libraries", "databases"];

    private readonly SkillTaxonomy _taxonomy;
    private readonly int _seed;
    private readonly int[] _byPopularity;     // skill ordinals, most popular first
    private readonly int[][] _neighbourhood;  // per skill: its role's skills, most popular first
    private readonly double[] _zipf;          // cumulative Zipf weights over popularity ranks

    public SyntheticProfiles(SkillTaxonomy taxonomy, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        _taxonomy = taxonomy;
        _seed = seed;
        var random = new Random(seed);
        _byPopularity = Enumerable.Range(0, taxonomy.Count).OrderBy(_ => random.Next()).ToArray();
        var rank = new int[taxonomy.Count];
        for (var i = 0; i < _byPopularity.Length; i++) rank[_byPopularity[i]] = i;

        var children = Enumerable.Range(0, taxonomy.Count).Select(_ => new List<int>()).ToArray();
        for (var s = 0; s < taxonomy.Count; s++)
            foreach (var p in taxonomy.ParentsOf(s)) children[p].Add(s);
        _neighbourhood = new int[taxonomy.Count][];
        for (var s = 0; s < taxonomy.Count; s++)
        {
            var set = new HashSet<int> { s };
            foreach (var p in taxonomy.ParentsOf(s)) set.UnionWith(children[p]);
            set.UnionWith(children[s]);
            foreach (var r in taxonomy.RelatedOf(s)) set.Add(r);
            _neighbourhood[s] = set.OrderBy(x => rank[x]).ToArray();
        }

        _zipf = new double[taxonomy.Count];
        var sum = 0.0;
        for (var i = 0; i < _zipf.Length; i++) _zipf[i] = sum += 1.0 / Math.Pow(i + 1, 1.05);
    }

    public SkillTaxonomy Taxonomy => _taxonomy;

    /// <summary>The stated (mentioned) skills of profile <paramref name="index"/>: the same for the same seed and index.</summary>
    public IReadOnlyList<ProfileSkill> Mentioned(int index) => Mentioned(new Random(HashCode.Combine(_seed, index)));

    /// <summary>The effective vector (stated skills plus inferred ancestors) of profile <paramref name="index"/>.</summary>
    public IReadOnlyList<ProfileSkill> Profile(int index) => SkillVector.Compose(_taxonomy, Mentioned(index));

    /// <summary>An effective vector drawn from <paramref name="random"/>.</summary>
    public IReadOnlyList<ProfileSkill> Profile(Random random) => SkillVector.Compose(_taxonomy, Mentioned(random));

    private List<ProfileSkill> Mentioned(Random random)
    {
        var explicitSkills = new Dictionary<int, double>();
        var roles = random.NextDouble() switch { < 0.3 => 1, < 0.85 => 2, _ => 3 };
        for (var r = 0; r < roles; r++)
        {
            var role = _neighbourhood[Popular(random)];
            for (var k = random.Next(3, 8); k > 0; k--)
            {
                // Within a role the popular skills come first, with a tail.
                var i = Math.Min(role.Length - 1, (int)(-Math.Log(1 - random.NextDouble()) * 2.5));
                explicitSkills.TryAdd(role[i], Level(random));
            }
        }
        for (var k = random.Next(2, 7); k > 0; k--) explicitSkills.TryAdd(Popular(random), Level(random));

        // One profile in twenty has a level off the usual values, as a recruiter's override would set it.
        if (random.Next(20) == 0) explicitSkills[Popular(random)] = Math.Round(random.NextDouble(), 4);
        // Each stated skill carries a quote, as extraction's do (explanations read them back at /match).
        var offset = 0;
        return explicitSkills.Select(e =>
        {
            var skill = _taxonomy[e.Key];
            var quote = $"{Phrases[random.Next(Phrases.Length)]} {skill.Name}";
            var evidence = new Evidence(Sections[random.Next(Sections.Length)], quote, offset, offset + quote.Length);
            offset += quote.Length + 2;
            return new ProfileSkill(skill.Id, e.Value, SkillSource.Mentioned, [evidence]);
        }).ToList();
    }

    /// <summary>A job: requirements around one or two roles, some on broad skills, a few required.</summary>
    public List<Requirement> Job(Random random, int count)
    {
        var skills = new List<int>();
        var anchors = count > 10 ? 3 : count > 3 ? 2 : 1;
        var guard = 0;
        while (skills.Count < count && guard++ < 10_000)
        {
            var role = _neighbourhood[Popular(random)];
            for (var k = 0; k < Math.Max(1, count / anchors) && skills.Count < count; k++)
            {
                var pick = random.Next(5) == 0 && _taxonomy.ParentsOf(role[0]).Length > 0
                    ? _taxonomy.ParentsOf(role[0])[0]                       // a broad skill, e.g. "sql"
                    : role[Math.Min(role.Length - 1, (int)(-Math.Log(1 - random.NextDouble()) * 2))];
                if (!skills.Contains(pick)) skills.Add(pick);
            }
        }
        return skills.Select((s, i) => new Requirement(
            _taxonomy[s].Id,
            Weight: random.Next(4) switch { 0 => 1, 1 => 0.8, 2 => 0.5, _ => 0.3 },
            Required: i < Math.Max(1, count / 5) && random.Next(2) == 0,
            MinLevel: random.Next(4) switch { 0 => 0.25, 3 => 0.75, _ => 0.5 })).ToList();
    }

    private int Popular(Random random)
    {
        var x = random.NextDouble() * _zipf[^1];
        var i = Array.BinarySearch(_zipf, x);
        return _byPopularity[Math.Min(_zipf.Length - 1, i >= 0 ? i : ~i)];
    }

    private static double Level(Random random)
    {
        var x = random.NextDouble();
        foreach (var (level, weight) in LevelSpread)
        {
            if (x < weight) return level;
            x -= weight;
        }
        return 0.5;
    }
}

