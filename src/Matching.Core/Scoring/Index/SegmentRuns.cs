using System.Runtime.InteropServices;

namespace Matching.Core.Scoring.Index;

/// <summary>Builds base segments: from a builder's lists, or by compaction (merging the delta in, dropping the dead).</summary>
internal static class SegmentRuns
{
    /// <summary>
    /// Lays out each list (given sorted by ordinal, <c>ords[offsets[l]..offsets[l + 1]]</c>) as runs and a tail: a stable
    /// counting sort by level, so every run and the tail stay sorted by ordinal.
    /// </summary>
    public static BaseSegment Split(string[] ids, string?[] externalIds, VectorStore vectors, AttributeColumns attributes, int[] ords, float[] levels, int[] offsets,
        RunLayout layout)
    {
        var listCount = offsets.Length - 1;
        var writer = new SegmentWriter(listCount, ids.Length, layout);
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

            // counts now maps a level to its run's write cursor in scratch, or -1 for the tail.
            var runStarts = new int[runLevels.Length + 1];
            for (var r = 0; r < runLevels.Length; r++) runStarts[r + 1] = runStarts[r] + counts[runLevels[r]];
            foreach (var level in counts.Keys.ToArray()) counts[level] = -1;
            for (var r = 0; r < runLevels.Length; r++) counts[runLevels[r]] = runStarts[r];
            if (scratch.Length < end - start) scratch = new int[Math.Max(end - start, scratch.Length * 2)];
            var tail = runStarts[^1];
            tailLevels.Clear();
            for (var i = start; i < end; i++)
            {
                ref var at = ref CollectionsMarshal.GetValueRefOrNullRef(counts, levels[i]);
                if (at >= 0) scratch[at++] = ords[i];
                else
                {
                    scratch[tail++] = ords[i];
                    tailLevels.Add(levels[i]);
                }
            }
            for (var r = 0; r < runLevels.Length; r++) writer.Run(runLevels[r], scratch.AsSpan(runStarts[r], runStarts[r + 1] - runStarts[r]));
            writer.Tail(scratch.AsSpan(runStarts[^1], tail - runStarts[^1]), CollectionsMarshal.AsSpan(tailLevels));
        }
        return writer.Finish(ids, externalIds, vectors, attributes);
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
        var vectors = new VectorStore.Writer(live);
        var attributes = new AttributeColumns.Writer(live);
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
                vectors.Add(b.Vectors[bi]);
                attributes.Add(b.Attributes.RowOf(bi));
                bi++;
            }
            else
            {
                var t = deltaLive[dj++];
                deltaRemap[t] = next;
                ids[next] = d.Ids[t];
                externalIds[next] = d.ExternalIds[t];
                vectors.Add(d.Vectors[t]);
                attributes.Add(d.Attributes[t]);
            }
            next++;
        }
        if (next != live) throw new InvalidOperationException($"Compaction found {next} live profiles, expected {live}.");

        var writer = new SegmentWriter(listCount, live, layout);
        var decoded = new int[Math.Max(1, b.Count)];
        var merged = new Growable<int>();
        var loose = new List<(float Level, int Ord)>();   // base tail and delta postings of the list
        var tail = new List<(float Level, int Ord)>();
        var counts = new Dictionary<float, int>();
        var tailOrds = new List<int>();
        var tailLevels = new List<float>();
        for (var l = 0; l < listCount; l++)
        {
            writer.BeginList(l);
            loose.Clear();
            var (tailStart, tailEnd) = b.TailOf(l);
            for (var k = tailStart; k < tailEnd; k++)
                if (baseRemap[b.TailOrds[k]] is var o and >= 0) loose.Add((b.TailLevels[k], o));
            var dl = d.Lists[l];
            for (var k = 0; k < dl.Count; k++)
                if (deltaRemap[dl.Ords[k] - baseCount] is var o and >= 0) loose.Add((dl.Levels[k], o));
            loose.Sort(static (x, y) => x.Level != y.Level ? y.Level.CompareTo(x.Level) : x.Ord.CompareTo(y.Ord));

            var (firstRun, endRun) = b.RunsOf(l);
            counts.Clear();
            for (var r = firstRun; r < endRun; r++) counts[b.RunLevels[r]] = b.RunCounts[r]; // an upper bound: dead ones included
            foreach (var (level, _) in loose) counts[level] = counts.GetValueOrDefault(level) + 1;
            var runLevels = writer.RunLevelsOf(counts);

            // Runs: a base run (still sorted after the monotone renumbering) merged with the loose postings at its level.
            tail.Clear();
            int run = firstRun, li = 0;
            foreach (var level in runLevels)
            {
                for (; run < endRun && b.RunLevels[run] > level; run++) AddToTail(run);
                for (; li < loose.Count && loose[li].Level > level; li++) tail.Add(loose[li]);
                var n = run < endRun && b.RunLevels[run] == level ? b.Decode(run++, decoded) : 0;
                var bx = 0;
                merged.Clear();
                while (true)
                {
                    while (bx < n && baseRemap[decoded[bx]] < 0) bx++;
                    var hasBase = bx < n;
                    var hasLoose = li < loose.Count && loose[li].Level == level;
                    if (!hasBase && !hasLoose) break;
                    if (hasBase && (!hasLoose || baseRemap[decoded[bx]] < loose[li].Ord)) merged.Add(baseRemap[decoded[bx++]]);
                    else merged.Add(loose[li++].Ord);
                }
                writer.Run(level, merged.AsSpan());
            }
            for (; run < endRun; run++) AddToTail(run);
            for (; li < loose.Count; li++) tail.Add(loose[li]);

            tail.Sort(static (x, y) => x.Ord.CompareTo(y.Ord));
            tailOrds.Clear();
            tailLevels.Clear();
            foreach (var (level, ordinal) in tail)
            {
                tailOrds.Add(ordinal);
                tailLevels.Add(level);
            }
            writer.Tail(CollectionsMarshal.AsSpan(tailOrds), CollectionsMarshal.AsSpan(tailLevels));
        }
        return writer.Finish(ids, externalIds, vectors.Finish(), attributes.Finish(layout.ChunkBits, layout.ColumnCodes));

        void AddToTail(int run)
        {
            var n = b.Decode(run, decoded);
            for (var k = 0; k < n; k++)
                if (baseRemap[decoded[k]] is var o and >= 0) tail.Add((b.RunLevels[run], o));
        }
    }
}
