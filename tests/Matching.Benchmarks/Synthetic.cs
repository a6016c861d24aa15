using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Benchmarks;

/// <summary>
/// Synthetic profiles shaped like extracted questionnaires: people have one to three roles (a skill and its
/// neighbourhood — siblings, children, related skills), skill popularity follows a long tail (Zipf), levels cluster on the
/// values extraction produces (familiar 0.25 … expert 1.0) with some in between and a few recruiter-set odd values, and
/// every vector goes through <see cref="SkillVector.Compose"/> so inferred ancestors are there as in production.
/// </summary>
internal sealed class Synthetic
{
    private static readonly (double Level, double Weight)[] LevelSpread =
    [
        (0.25, 0.16), (0.4, 0.08), (0.5, 0.30), (0.6, 0.08), (0.75, 0.22), (0.9, 0.06), (1.0, 0.10),
    ];

    private readonly SkillTaxonomy _taxonomy;
    private readonly int[] _byPopularity;     // skill ordinals, most popular first
    private readonly int[][] _neighbourhood;  // per skill: its role's skills, most popular first
    private readonly double[] _zipf;          // cumulative Zipf weights over popularity ranks

    public Synthetic(SkillTaxonomy taxonomy, int seed = 7)
    {
        _taxonomy = taxonomy;
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

    public IReadOnlyList<ProfileSkill> Profile(Random random)
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

        var mentioned = explicitSkills.Select(e => new ProfileSkill(_taxonomy[e.Key].Id, e.Value, SkillSource.Mentioned, []));
        IEnumerable<SkillOverride>? overrides = random.Next(20) == 0
            ? [new SkillOverride(_taxonomy[Popular(random)].Id, Math.Round(random.NextDouble(), 4), false)]
            : null;
        return SkillVector.Compose(_taxonomy, mentioned, overrides);
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

/// <summary>A million profiles' vectors in a few flat arrays (as rows from the store would arrive), not as objects.</summary>
internal sealed class ProfileRows
{
    public readonly string[] Ids;
    public readonly int[] Starts;
    public readonly ushort[] Skills;
    public readonly double[] Levels;
    public readonly byte[] Sources;

    public ProfileRows(Synthetic synthetic, int count, int seed)
    {
        var taxonomy = synthetic.Taxonomy;
        var random = new Random(seed);
        Ids = new string[count];
        Starts = new int[count + 1];
        var skills = new List<ushort>(count * 30);
        var levels = new List<double>(count * 30);
        var sources = new List<byte>(count * 30);
        for (var i = 0; i < count; i++)
        {
            Ids[i] = $"p{(uint)i * 2654435761u:x8}"; // unique, not in id order, as ids from the store would be
            foreach (var s in synthetic.Profile(random))
            {
                skills.Add((ushort)taxonomy.OrdinalOf(s.SkillId));
                levels.Add(s.Level);
                sources.Add((byte)s.Source);
            }
            Starts[i + 1] = skills.Count;
        }
        Skills = skills.ToArray();
        Levels = levels.ToArray();
        Sources = sources.ToArray();
    }

    public int Count => Ids.Length;
    public long Postings => Skills.LongLength;

    private long[]? _listLengths;

    /// <summary>Postings a query reads: each requirement's own lists, plus the stated lists of its parents and related skills.</summary>
    public long PostingsScanned(SkillTaxonomy taxonomy, IReadOnlyList<Requirement> job) => Scanned(taxonomy, job).Main + Scanned(taxonomy, job).Extra;

    public (long Main, long Extra) Scanned(SkillTaxonomy taxonomy, IReadOnlyList<Requirement> job)
    {
        if (_listLengths is null)
        {
            var lengths = new long[taxonomy.Count * 2];
            for (var k = 0; k < Skills.Length; k++) lengths[Skills[k] * 2 + (Sources[k] == (byte)SkillSource.Inferred ? 1 : 0)]++;
            _listLengths = lengths;
        }
        long main = 0, extra = 0;
        foreach (var r in job)
        {
            var s = taxonomy.OrdinalOf(r.Skill);
            main += _listLengths[s * 2] + _listLengths[s * 2 + 1];
            foreach (var x in taxonomy.ParentsOf(s).ToArray().Union(taxonomy.RelatedOf(s).ToArray())) extra += _listLengths[x * 2];
        }
        return (main, extra);
    }

    public void CopyTo(int profile, SkillTaxonomy taxonomy, List<IndexedSkill> into)
    {
        into.Clear();
        for (var k = Starts[profile]; k < Starts[profile + 1]; k++)
            into.Add(new IndexedSkill(taxonomy[Skills[k]].Id, Levels[k], (SkillSource)Sources[k]));
    }

    private readonly Dictionary<int, IReadOnlyList<ProfileSkill>> _replaced = [];

    /// <summary>Records that a profile was rewritten after loading (the benchmark's write phase).</summary>
    public void Replace(int profile, IReadOnlyList<ProfileSkill> vector) => _replaced[profile] = vector;

    /// <summary>The profile's vector as the index now holds it.</summary>
    public IReadOnlyList<ProfileSkill> Current(int profile, SkillTaxonomy taxonomy) =>
        _replaced.TryGetValue(profile, out var vector) ? vector : Vector(profile, taxonomy);

    public IReadOnlyList<ProfileSkill> Vector(int profile, SkillTaxonomy taxonomy)
    {
        var list = new List<ProfileSkill>();
        for (var k = Starts[profile]; k < Starts[profile + 1]; k++)
            list.Add(new ProfileSkill(taxonomy[Skills[k]].Id, Levels[k], (SkillSource)Sources[k], []));
        return list;
    }
}
