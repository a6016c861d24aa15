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
    internal BaseSegment Build(RunLayout layout)
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

        return SegmentRuns.Split(ids, externalIds, ords, levels, offsets, layout);
    }
}

/// <summary>Builds base segments: from a builder's lists, or by compaction (merging the delta in, dropping the dead).</summary>
internal static class SegmentRuns
{
    /// <summary>
    /// Lays out each list (given sorted by ordinal, <c>ords[offsets[l]..offsets[l + 1]]</c>) as runs and a tail, in place:
    /// a stable counting sort by level, so every run and the tail stay sorted by ordinal.
    /// </summary>
    public static BaseSegment Split(string[] ids, string?[] externalIds, int[] ords, float[] levels, int[] offsets, RunLayout layout)
    {
        var listCount = offsets.Length - 1;
        var writer = new SegmentWriter(ords, listCount, layout);
        var counts = new Dictionary<float, int>();
        var scratch = Array.Empty<int>();
        var tailLevels = new List<float>();
        for (var l = 0; l < listCount; l++)
        {
            writer.BeginList(l);
            int start = offsets[l], end = offsets[l + 1];
            if (start == end) continue;
            counts.Clear();
            for (var i = start; i < end; i++) counts[levels[i]] = counts.GetValueOrDefault(levels[i]) + 1;
            var runLevels = writer.RunLevelsOf(counts);

            if (scratch.Length < end - start) scratch = new int[Math.Max(end - start, scratch.Length * 2)];
            ords.AsSpan(start, end - start).CopyTo(scratch);
            // counts now maps a level to its run's write cursor, or -1 for the tail.
            var runLengths = new int[runLevels.Length];
            for (var r = 0; r < runLevels.Length; r++) runLengths[r] = counts[runLevels[r]];
            foreach (var level in counts.Keys.ToArray()) counts[level] = -1;
            var cursor = start;
            for (var r = 0; r < runLevels.Length; r++)
            {
                counts[runLevels[r]] = cursor;
                cursor += runLengths[r];
            }
            var tail = cursor;
            tailLevels.Clear();
            for (var i = 0; i < end - start; i++)
            {
                var level = levels[start + i];
                ref var at = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(counts, level);
                if (at >= 0) ords[at++] = scratch[i];
                else
                {
                    ords[tail++] = scratch[i];
                    tailLevels.Add(level);
                }
            }
            for (var r = 0; r < runLevels.Length; r++) writer.Run(runLevels[r], runLengths[r]);
            writer.Tail(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tailLevels));
        }
        return writer.Finish(ids, externalIds);
    }

    /// <summary>
    /// A new base holding every live profile of <paramref name="state"/>: dead ordinals dropped, delta profiles merged in,
    /// ordinals renumbered in id order, each list laid out again as runs and a tail.
    /// </summary>
    public static BaseSegment Merge(IndexState state, int listCount, RunLayout layout)
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

        // Live postings per base run, and in total.
        var runLive = new int[b.RunLevels.Length];
        long total = 0;
        for (var r = 0; r < runLive.Length; r++)
        {
            foreach (var o in b.Run(r)) if (baseRemap[o] >= 0) runLive[r]++;
            total += runLive[r];
        }
        for (var l = 0; l < listCount; l++)
        {
            foreach (var o in b.TailOf(l)) if (baseRemap[o] >= 0) total++;
            foreach (var o in d.Lists[l].OrdSpan) if (deltaRemap[o - baseCount] >= 0) total++;
        }

        var writer = new SegmentWriter(new int[total], listCount, layout);
        var ords = writer.Ords;
        var loose = new List<(float Level, int Ord)>();   // base tail and delta postings of the list
        var tail = new List<(float Level, int Ord)>();
        var tailLevels = new List<float>();
        var counts = new Dictionary<float, int>();
        for (var l = 0; l < listCount; l++)
        {
            writer.BeginList(l);
            loose.Clear();
            var baseTailOrds = b.TailOf(l);
            var baseTailLevels = b.TailLevelsOf(l);
            for (var k = 0; k < baseTailOrds.Length; k++)
                if (baseRemap[baseTailOrds[k]] is var o and >= 0) loose.Add((baseTailLevels[k], o));
            var dl = d.Lists[l];
            for (var k = 0; k < dl.Count; k++)
                if (deltaRemap[dl.Ords[k] - baseCount] is var o and >= 0) loose.Add((dl.Levels[k], o));
            loose.Sort(static (x, y) => x.Level != y.Level ? y.Level.CompareTo(x.Level) : x.Ord.CompareTo(y.Ord));

            var (firstRun, endRun) = b.RunsOf(l);
            counts.Clear();
            for (var r = firstRun; r < endRun; r++) counts[b.RunLevels[r]] = runLive[r];
            foreach (var (level, _) in loose) counts[level] = counts.GetValueOrDefault(level) + 1;
            var runLevels = writer.RunLevelsOf(counts);

            // Runs: a base run (still sorted after the monotone renumbering) merged with the loose postings at its level.
            tail.Clear();
            int run = firstRun, li = 0;
            foreach (var level in runLevels)
            {
                for (; run < endRun && b.RunLevels[run] > level; run++) AddToTail(b.Run(run), b.RunLevels[run]);
                for (; li < loose.Count && loose[li].Level > level; li++) tail.Add(loose[li]);
                var baseRun = run < endRun && b.RunLevels[run] == level ? b.Run(run++) : [];
                var pos = writer.Position;
                var bx = 0;
                while (true)
                {
                    while (bx < baseRun.Length && baseRemap[baseRun[bx]] < 0) bx++;
                    var hasBase = bx < baseRun.Length;
                    var hasLoose = li < loose.Count && loose[li].Level == level;
                    if (!hasBase && !hasLoose) break;
                    if (hasBase && (!hasLoose || baseRemap[baseRun[bx]] < loose[li].Ord)) ords[pos++] = baseRemap[baseRun[bx++]];
                    else ords[pos++] = loose[li++].Ord;
                }
                writer.Run(level, pos - writer.Position);
            }
            for (; run < endRun; run++) AddToTail(b.Run(run), b.RunLevels[run]);
            for (; li < loose.Count; li++) tail.Add(loose[li]);

            tail.Sort(static (x, y) => x.Ord.CompareTo(y.Ord));
            tailLevels.Clear();
            for (var k = 0; k < tail.Count; k++)
            {
                ords[writer.Position + k] = tail[k].Ord;
                tailLevels.Add(tail[k].Level);
            }
            writer.Tail(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tailLevels));
        }
        return writer.Finish(ids, externalIds);

        void AddToTail(ReadOnlySpan<int> baseRun, float level)
        {
            foreach (var o in baseRun)
                if (baseRemap[o] >= 0) tail.Add((level, baseRemap[o]));
        }
    }
}
