using Matching.Core.Scoring;

using Matching.Data;

namespace Matching.Scoring;

/// <summary>What changed in a job's list against its previous one: who is new, who dropped out, who moved.</summary>
public static class ShortlistChanges
{
    /// <summary>
    /// The job's new list from the ranked hits, each place marked with the same profile's previous place and score,
    /// plus the previous list's profiles that are no longer in it. Profiles in <paramref name="erased"/> are left out
    /// of both (the places below an erased one move up).
    /// </summary>
    public static JobShortlist Compare(string jobId, IReadOnlyList<MatchHit> hits, PreviousShortlist? previous,
        IReadOnlySet<string>? erased = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var before = new Dictionary<string, PreviousEntry>(previous?.Entries.Count ?? 0, StringComparer.Ordinal);
        foreach (var p in previous?.Entries ?? []) before[p.ProfileId] = p;

        var entries = new List<ShortlistEntry>(hits.Count);
        int added = 0, up = 0, down = 0, same = 0;
        foreach (var hit in hits)
        {
            if (erased?.Contains(hit.ProfileId) == true) continue;
            var rank = entries.Count + 1;
            var units = ScoreUnits.From(hit.Score);
            if (before.Remove(hit.ProfileId, out var was))
            {
                if (was.Rank > rank) up++;
                else if (was.Rank < rank) down++;
                else same++;
                entries.Add(new ShortlistEntry(rank, hit.ProfileId, units, hit.MissingRequired, was.Rank, was.ScoreUnits));
            }
            else
            {
                added++;
                entries.Add(new ShortlistEntry(rank, hit.ProfileId, units, hit.MissingRequired, null, null));
            }
        }

        var dropped = before.Values
            .Where(p => erased?.Contains(p.ProfileId) != true)
            .OrderBy(p => p.Rank)
            .Select(p => new DroppedEntry(p.ProfileId, p.Rank, p.ScoreUnits))
            .ToList();
        return new JobShortlist(jobId, entries, dropped, new ChangeTotals(added, dropped.Count, up, down, same));
    }
}
