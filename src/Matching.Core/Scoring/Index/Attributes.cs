using Matching.Core.Profiles;

namespace Matching.Core.Scoring.Index;

/// <summary>One profile's attributes as the index keeps them (normalised).</summary>
internal sealed class AttributeRow(ProfileAttributes attributes)
{
    public static readonly AttributeRow None = new(ProfileAttributes.None);
    public readonly ProfileAttributes Attributes = attributes;

    public static AttributeRow Of(ProfileAttributes? attributes) =>
        attributes is null || attributes.IsEmpty ? None : new AttributeRow(attributes.Normalise());

    public long EstimatedBytes() => ReferenceEquals(this, None) ? 0 : 256;
}

/// <summary>A base segment's attributes by ordinal.</summary>
internal sealed class AttributeColumns(AttributeRow[] rows)
{
    public static readonly AttributeColumns Empty = new([]);
    public int Count => rows.Length;
    public AttributeRow RowOf(int ordinal) => rows[ordinal];
    public long EstimatedBytes() => rows.LongLength * 8 + rows.Sum(r => r.EstimatedBytes());

    public sealed class Writer(int expected = 16)
    {
        private readonly List<AttributeRow> _rows = new(expected);
        public void Add(AttributeRow row) => _rows.Add(row);
        public AttributeColumns Finish() => new(_rows.ToArray());
    }
}

/// <summary>
/// Skill co-occurrence over one index state's live profiles: per skill how many profiles have it (level above 0), and
/// per asked skill how many have it together with each other skill. Computed lazily, once per state and skill.
/// </summary>
internal sealed class CoOccurrenceCache(IndexState state, int skills)
{
    private int[]? _totals;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int[] Together, int Having)> _bySkill = new();

    public (int[] Totals, int Live, int[] Together, int Having) Get(int skill)
    {
        var totals = Totals();
        var (together, having) = _bySkill.GetOrAdd(skill, Compute);
        return (totals, state.Live, together, having);
    }

    private int[] Totals()
    {
        if (Volatile.Read(ref _totals) is { } done) return done;
        var totals = new int[skills];
        var buffer = new int[skills];
        for (var o = 0; o < state.TotalOrdinals; o++)
        {
            if (state.Dead.Contains(o)) continue;
            var n = VectorEntries.PositiveSkills(state.VectorOf(o), buffer);
            for (var i = 0; i < n; i++) totals[buffer[i]]++;
        }
        Volatile.Write(ref _totals, totals);
        return totals;
    }

    private (int[] Together, int Having) Compute(int skill)
    {
        var together = new int[skills];
        var buffer = new int[skills];
        var having = 0;
        for (var o = 0; o < state.TotalOrdinals; o++)
        {
            if (state.Dead.Contains(o)) continue;
            var n = VectorEntries.PositiveSkills(state.VectorOf(o), buffer);
            if (buffer.AsSpan(0, n).IndexOf(skill) < 0) continue;
            having++;
            for (var i = 0; i < n; i++) together[buffer[i]]++;
        }
        return (together, having);
    }
}
