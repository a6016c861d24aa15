using Matching.Core.Scoring;
using Matching.Data;
using Matching.Scoring;

namespace Matching.Nightly.Tests;

public sealed class ShortlistChangesTests
{
    private static MatchHit Hit(int rank, string id, decimal score) => new(rank, id, null, score, []);

    [Fact]
    public void First_list_is_all_new()
    {
        var list = ShortlistChanges.Compare("j", [Hit(1, "a", 90m), Hit(2, "b", 80m)], null);
        Assert.Equal(new ChangeTotals(2, 0, 0, 0, 0), list.Changes);
        Assert.All(list.Entries, e => Assert.Null(e.PreviousRank));
        Assert.Empty(list.Dropped);
    }

    [Fact]
    public void New_dropped_moved_and_unchanged_are_told_apart_with_both_ranks_and_scores()
    {
        var previous = new PreviousShortlist("r1", [new("a", 1, 900_000), new("b", 2, 800_000), new("c", 3, 700_000), new("e", 4, 650_000)]);
        var hits = new[] { Hit(1, "c", 100m), Hit(2, "a", 90m), Hit(3, "d", 85m), Hit(4, "e", 65m) };

        var list = ShortlistChanges.Compare("j", hits, previous);

        Assert.Equal(new ChangeTotals(New: 1, Dropped: 1, MovedUp: 1, MovedDown: 1, Unchanged: 1), list.Changes);
        var c = list.Entries.Single(e => e.ProfileId == "c");
        Assert.Equal((1, 3, 1_000_000, 700_000), (c.Rank, c.PreviousRank!.Value, c.ScoreUnits, c.PreviousScoreUnits!.Value));
        var a = list.Entries.Single(e => e.ProfileId == "a");
        Assert.Equal((2, 1), (a.Rank, a.PreviousRank!.Value));
        Assert.Null(list.Entries.Single(e => e.ProfileId == "d").PreviousRank);
        Assert.Equal(4, list.Entries.Single(e => e.ProfileId == "e").PreviousRank);
        var b = Assert.Single(list.Dropped);
        Assert.Equal(("b", 2, 800_000), (b.ProfileId, b.PreviousRank, b.PreviousScoreUnits));
    }

    [Fact]
    public void Erased_profiles_leave_both_lists_and_the_places_below_move_up()
    {
        var previous = new PreviousShortlist("r1", [new("a", 1, 900_000), new("x", 2, 850_000)]);
        var hits = new[] { Hit(1, "x", 95m), Hit(2, "a", 90m), Hit(3, "b", 80m) };

        var list = ShortlistChanges.Compare("j", hits, previous, new HashSet<string> { "x" });

        Assert.Equal(["a", "b"], list.Entries.Select(e => e.ProfileId));
        Assert.Equal([1, 2], list.Entries.Select(e => e.Rank));
        Assert.Empty(list.Dropped);
        Assert.Equal(new ChangeTotals(1, 0, 0, 0, 1), list.Changes);
    }

    [Fact]
    public void Scores_are_stored_exactly_in_ten_thousandths()
    {
        Assert.Equal(123_456, ScoreUnits.From(12.3456m));
        Assert.Equal(12.3456m, ScoreUnits.ToScore(123_456));
        Assert.Equal(100m, ScoreUnits.ToScore(ScoreUnits.From(100m)));
    }
}
