using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Loader;

namespace Matching.Benchmarks;

/// <summary>A million profiles' vectors in a few flat arrays (as rows from the store would arrive), not as objects.</summary>
internal sealed class ProfileRows
{
    public readonly string[] Ids;
    public readonly int[] Starts;
    public readonly ushort[] Skills;
    public readonly double[] Levels;
    public readonly byte[] Sources;

    public ProfileRows(SyntheticProfiles synthetic, int count, int seed)
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
