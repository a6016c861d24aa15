using Matching.Core.Profiles;
using Matching.Core.Scoring.Index;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring;

/// <summary>
/// Collects profiles for a bulk <see cref="MatchIndex.Load(MatchIndexBuilder)"/>: a few compact arrays (no object per
/// profile or skill), so a million profiles streamed from the store load in seconds. A profile id added twice keeps its
/// last version. Not thread-safe; one builder feeds one load.
/// </summary>
public sealed class MatchIndexBuilder
{
    private readonly VectorNormalizer _normalizer;
    private string[] _ids;
    private string?[] _externalIds;
    private int[] _starts;
    private int[] _lists;
    private float[] _levels;
    private int _postings;
    private bool _consumed;

    public SkillTaxonomy Taxonomy { get; }
    public int Count { get; private set; }

    /// <param name="expectedProfiles">Sizes the arrays up front when the count is known (e.g. from the store).</param>
    public MatchIndexBuilder(SkillTaxonomy taxonomy, int expectedProfiles = 0, int expectedSkillsPerProfile = 30)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        Taxonomy = taxonomy;
        _normalizer = new VectorNormalizer(taxonomy);
        var profiles = Math.Max(16, expectedProfiles);
        _ids = new string[profiles];
        _externalIds = new string?[profiles];
        _starts = new int[profiles + 1];
        var postings = (int)Math.Min(Array.MaxLength, (long)profiles * Math.Max(1, expectedSkillsPerProfile));
        _lists = new int[postings];
        _levels = new float[postings];
    }

    public void Add(IndexedProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Add(profile.ProfileId, profile.ExternalId, profile.EffectiveSkills);
    }

    public void Add(string profileId, string? externalId, IReadOnlyList<ProfileSkill> effectiveSkills)
    {
        ArgumentNullException.ThrowIfNull(effectiveSkills);
        _normalizer.Begin();
        for (var i = 0; i < effectiveSkills.Count; i++)
        {
            var s = effectiveSkills[i];
            _normalizer.Add(s.SkillId, s.Level, s.Source != SkillSource.Inferred);
        }
        Append(profileId, externalId);
    }

    public void Add(string profileId, string? externalId, ReadOnlySpan<IndexedSkill> effectiveSkills)
    {
        _normalizer.Begin();
        foreach (var s in effectiveSkills) _normalizer.Add(s.SkillId, s.Level, s.Source != SkillSource.Inferred);
        Append(profileId, externalId);
    }

    private void Append(string profileId, string? externalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        if (_consumed) throw new InvalidOperationException("This builder has already been loaded into an index.");
        if (Count == _ids.Length)
        {
            var capacity = (int)Math.Min(Array.MaxLength - 1, _ids.Length * 3L / 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _externalIds, capacity);
            Array.Resize(ref _starts, capacity + 1);
        }
        var n = _normalizer.Count;
        if (_postings + n > _lists.Length)
        {
            var capacity = (int)Math.Min(Array.MaxLength, Math.Max(_postings + n, _lists.Length * 3L / 2));
            Array.Resize(ref _lists, capacity);
            Array.Resize(ref _levels, capacity);
        }
        for (var i = 0; i < n; i++)
        {
            var p = _normalizer[i];
            _lists[_postings + i] = p.List;
            _levels[_postings + i] = p.Level;
        }
        _ids[Count] = profileId;
        _externalIds[Count] = externalId;
        _postings += n;
        Count++;
        _starts[Count] = _postings;
    }

    /// <summary>Builds the base segment: ordinals in id order, each list split into runs of equal level.</summary>
    internal BaseSegment Build()
    {
        if (_consumed) throw new InvalidOperationException("This builder has already been loaded into an index.");
        _consumed = true;
        var n = Count;
        var listCount = Lists.Count(Taxonomy.Count);

        // Ordinals follow ids in ordinal order; of duplicate ids the last added wins.
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var sorted = true;
        for (var i = 1; i < n && sorted; i++) sorted = string.CompareOrdinal(_ids[i - 1], _ids[i]) < 0;
        if (!sorted)
        {
            var keys = _ids.AsSpan(0, n).ToArray();
            Array.Sort(keys, order, StringComparer.Ordinal);
        }
        var kept = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            var t = order[i];
            if (kept.Count > 0 && string.Equals(_ids[kept[^1]], _ids[t], StringComparison.Ordinal))
            {
                if (t > kept[^1]) kept[^1] = t;
                continue;
            }
            kept.Add(t);
        }

        var ids = new string[kept.Count];
        var externalIds = new string?[kept.Count];
        var offsets = new int[listCount + 1];
        for (var o = 0; o < kept.Count; o++)
        {
            var t = kept[o];
            ids[o] = _ids[t];
            externalIds[o] = _externalIds[t];
            for (var k = _starts[t]; k < _starts[t + 1]; k++) offsets[_lists[k] + 1]++;
        }
        for (var l = 0; l < listCount; l++) offsets[l + 1] += offsets[l];

        var ords = new int[offsets[listCount]];
        var levels = new float[ords.Length];
        var cursor = offsets.AsSpan(0, listCount).ToArray();
        for (var o = 0; o < kept.Count; o++)
        {
            var t = kept[o];
            for (var k = _starts[t]; k < _starts[t + 1]; k++)
            {
                var pos = cursor[_lists[k]]++;
                ords[pos] = o;
                levels[pos] = _levels[k];
            }
        }
        _ids = [];
        _externalIds = [];
        _lists = [];
        _levels = [];
        _starts = [];

        return SegmentRuns.Split(ids, externalIds, ords, levels, offsets);
    }
}

/// <summary>Builds base segments: from a builder's lists, or by compaction (merging the delta in, dropping the dead).</summary>
internal static class SegmentRuns
{
    /// <summary>
    /// Orders each list's postings (already sorted by ordinal) into runs of equal level, levels descending. The sort is a
    /// stable counting sort per list, so each run stays sorted by ordinal.
    /// </summary>
    public static BaseSegment Split(string[] ids, string?[] externalIds, int[] ords, float[] levels, int[] offsets)
    {
        var listCount = offsets.Length - 1;
        var runLevels = new List<float>();
        var runStarts = new List<int>();
        var listRuns = new int[listCount + 1];
        var counts = new Dictionary<float, int>();
        var scratch = Array.Empty<int>();
        for (var l = 0; l < listCount; l++)
        {
            listRuns[l] = runLevels.Count;
            int start = offsets[l], end = offsets[l + 1];
            if (start == end) continue;
            counts.Clear();
            for (var i = start; i < end; i++)
                counts[levels[i]] = counts.GetValueOrDefault(levels[i]) + 1;
            var distinct = counts.Keys.ToArray();
            Array.Sort(distinct, static (a, b) => b.CompareTo(a));
            var next = start;
            foreach (var level in distinct)
            {
                runLevels.Add(level);
                runStarts.Add(next);
                var c = counts[level];
                counts[level] = next - start;
                next += c;
            }
            if (distinct.Length == 1) continue;

            if (scratch.Length < end - start) scratch = new int[end - start];
            for (var i = start; i < end; i++)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(counts, levels[i]);
                scratch[slot++] = ords[i];
            }
            scratch.AsSpan(0, end - start).CopyTo(ords.AsSpan(start));
        }
        listRuns[listCount] = runLevels.Count;
        runStarts.Add(ords.Length);
        return new BaseSegment(ids, externalIds, ords, runLevels.ToArray(), runStarts.ToArray(), listRuns);
    }

    /// <summary>
    /// A new base holding every live profile of <paramref name="state"/>: dead ordinals dropped, delta profiles merged in,
    /// ordinals renumbered in id order.
    /// </summary>
    public static BaseSegment Merge(IndexState state, int listCount)
    {
        var b = state.Base;
        var d = state.Delta;
        var dead = state.Dead;
        int baseCount = b.Count, deltaCount = d.Count;

        var deltaLive = new List<int>();
        for (var i = 0; i < deltaCount; i++)
            if (!dead.Contains(baseCount + i)) deltaLive.Add(i);
        deltaLive.Sort((x, y) => string.CompareOrdinal(d.Ids[x], d.Ids[y]));

        var live = state.Live;
        var ids = new string[live];
        var externalIds = new string?[live];
        var baseRemap = new int[baseCount];
        var deltaRemap = new int[deltaCount];
        Array.Fill(deltaRemap, -1);
        int bi = 0, dj = 0, next = 0;
        while (true)
        {
            while (bi < baseCount && dead.Contains(bi)) baseRemap[bi++] = -1;
            if (bi >= baseCount && dj >= deltaLive.Count) break;
            if (dj >= deltaLive.Count || bi < baseCount && string.CompareOrdinal(b.Ids[bi], d.Ids[deltaLive[dj]]) < 0)
            {
                baseRemap[bi] = next;
                ids[next] = b.Ids[bi];
                externalIds[next] = b.ExternalIds[bi];
                bi++;
            }
            else
            {
                var t = deltaLive[dj++];
                deltaRemap[t] = next;
                ids[next] = d.Ids[t];
                externalIds[next] = d.ExternalIds[t];
            }
            next++;
        }
        if (next != live) throw new InvalidOperationException($"Compaction found {next} live profiles, expected {live}.");

        long total = 0;
        for (var l = 0; l < listCount; l++)
        {
            var (first, end) = b.RunsOf(l);
            for (var r = first; r < end; r++)
                foreach (var o in b.Run(r))
                    if (baseRemap[o] >= 0) total++;
            foreach (var o in d.Lists[l].OrdSpan)
                if (deltaRemap[o - baseCount] >= 0) total++;
        }

        var ords = new int[total];
        var runLevels = new List<float>();
        var runStarts = new List<int>();
        var listRuns = new int[listCount + 1];
        var pending = new List<(float Level, int Ord)>();
        var pos = 0;
        for (var l = 0; l < listCount; l++)
        {
            listRuns[l] = runLevels.Count;
            pending.Clear();
            var dl = d.Lists[l];
            for (var k = 0; k < dl.Count; k++)
            {
                var o = deltaRemap[dl.Ords[k] - baseCount];
                if (o >= 0) pending.Add((dl.Levels[k], o));
            }
            pending.Sort(static (x, y) => x.Level != y.Level ? y.Level.CompareTo(x.Level) : x.Ord.CompareTo(y.Ord));

            var (r, end) = b.RunsOf(l);
            var k2 = 0;
            while (r < end || k2 < pending.Count)
            {
                var level = r < end && (k2 >= pending.Count || b.RunLevels[r] >= pending[k2].Level)
                    ? b.RunLevels[r]
                    : pending[k2].Level;
                var baseRun = r < end && b.RunLevels[r] == level ? b.Run(r++) : [];
                var pendingEnd = k2;
                while (pendingEnd < pending.Count && pending[pendingEnd].Level == level) pendingEnd++;

                var start = pos;
                var bx = 0;
                while (true)
                {
                    while (bx < baseRun.Length && baseRemap[baseRun[bx]] < 0) bx++;
                    var hasBase = bx < baseRun.Length;
                    var hasPending = k2 < pendingEnd;
                    if (!hasBase && !hasPending) break;
                    if (hasBase && (!hasPending || baseRemap[baseRun[bx]] < pending[k2].Ord)) ords[pos++] = baseRemap[baseRun[bx++]];
                    else ords[pos++] = pending[k2++].Ord;
                }
                if (pos > start)
                {
                    runLevels.Add(level);
                    runStarts.Add(start);
                }
            }
        }
        listRuns[listCount] = runLevels.Count;
        runStarts.Add(pos);
        return new BaseSegment(ids, externalIds, ords, runLevels.ToArray(), runStarts.ToArray(), listRuns);
    }
}
