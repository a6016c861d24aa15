using Matching.Core.Extraction;
using Matching.Core.Profiles;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// Candidate terms on SQLite and PostgreSQL alike: written with the profile (ingest, batch, re-extraction), counted per
/// term across profiles, paged, gone with the profile, and kept out of the list once rejected or accepted.
/// </summary>
public abstract class CandidateTermStoreTests(DatabaseFixture fixture)
{
    private static CancellationToken Ct => CancellationToken.None;

    private static CandidateTerm Term(string display, params string[] examples) =>
        new(CandidateTerm.KeyOf(display), display, examples.Length > 0 ? examples : [$"работаю с {display}"]);

    private static ProfileWrite WithTerms(string? externalId, params CandidateTerm[] terms) =>
        Write(externalId, ("python", 0.5)) with { CandidateTerms = terms };

    [Fact]
    public async Task Terms_are_counted_per_profile_with_the_most_used_spelling_and_quotes_of_different_profiles()
    {
        var db = await FreshDatabaseAsync();
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Superset", "дашборды в Superset"), Term("Werf")), Compose, Ct);
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Superset", "отчёты в Superset", "ещё Superset")), Compose, Ct);
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("SUPERSET", "SUPERSET для BI")), Compose, Ct);

        var page = await db.Candidates.ListAsync(minProfiles: 2, limit: 50, cursor: null, Ct);

        var superset = Assert.Single(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(("superset", "Superset", 3), (superset.Key, superset.Display, superset.Profiles));
        Assert.Equal(3, superset.Examples.Count);
        Assert.Equal(3, superset.Examples.Distinct().Count());
        Assert.Equal(["superset", "werf"], (await db.Candidates.ListAsync(1, 50, null, Ct)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Pages_follow_the_count_then_the_term_without_repeats_or_gaps()
    {
        var db = await FreshDatabaseAsync();
        // a: 3 profiles; b, c: 2; d, e: 1.
        string[][] perProfile = [["a", "b", "c", "d"], ["a", "b", "c", "e"], ["a"]];
        foreach (var terms in perProfile)
            await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), terms.Select(t => Term(t + "tool")).ToArray()), Compose, Ct);

        var seen = new List<(string, int)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await db.Candidates.ListAsync(1, 2, cursor, Ct);
            seen.AddRange(page.Items.Select(i => (i.Key, i.Profiles)));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        Assert.Equal([("atool", 3), ("btool", 2), ("ctool", 2), ("dtool", 1), ("etool", 1)], seen);
        Assert.Equal(3, pages);
        await Assert.ThrowsAsync<InvalidCursorException>(() => db.Candidates.ListAsync(1, 2, PageCursor.Encode("not-a-count"), Ct));
    }

    [Fact]
    public async Task A_profiles_terms_are_replaced_when_it_is_ingested_again_and_go_when_it_is_deleted()
    {
        var db = await FreshDatabaseAsync();
        var externalId = NewExternalId();
        var (profile, _) = await db.Profiles.UpsertAsync(WithTerms(externalId, Term("Werf"), Term("Kaniko")), Compose, Ct);
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Werf")), Compose, Ct);

        Assert.Equal([("werf", 2), ("kaniko", 1)], await CountsAsync(db, "werf", "kaniko"));
        await db.Profiles.UpsertAsync(WithTerms(externalId, Term("Strimzi")), Compose, Ct);
        Assert.Equal([("werf", 1), ("kaniko", 0), ("strimzi", 1)],
            await CountsAsync(db, "werf", "kaniko", "strimzi"));

        Assert.True(await db.Profiles.DeleteAsync(profile.Id, Ct));
        Assert.Equal([("werf", 1), ("kaniko", 0), ("strimzi", 0)], await CountsAsync(db, "werf", "kaniko", "strimzi"));
    }

    [Fact]
    public async Task A_batch_writes_each_profiles_terms_new_and_existing_alike()
    {
        var db = await FreshDatabaseAsync();
        var existing = NewExternalId();
        await db.Profiles.UpsertAsync(WithTerms(existing, Term("Kaniko")), Compose, Ct);

        await db.Profiles.UpsertManyAsync([WithTerms(existing, Term("Werf")), WithTerms(NewExternalId(), Term("Werf"), Term("Tempo")),
            WithTerms(null)], Compose, Ct);

        Assert.Equal([("werf", 2), ("tempo", 1), ("kaniko", 0)], await CountsAsync(db, "werf", "tempo", "kaniko"));
    }

    [Fact]
    public async Task A_rejected_term_is_never_listed_again_and_an_accepted_one_is_forgotten()
    {
        var db = await FreshDatabaseAsync();
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Werf"), Term("Kaniko")), Compose, Ct);
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Werf"), Term("Kaniko")), Compose, Ct);

        Assert.True(await db.Candidates.RejectAsync("werf", "Werf", "admin", Ct));
        Assert.False(await db.Candidates.RejectAsync("werf", "Werf", "admin", Ct));
        await db.Profiles.UpsertAsync(WithTerms(NewExternalId(), Term("Werf")), Compose, Ct);
        Assert.Null(await db.Candidates.FindAsync("werf", Ct));
        Assert.Equal(["kaniko"], (await db.Candidates.ListAsync(1, 50, null, Ct)).Items.Select(i => i.Key));

        Assert.Equal(2, await db.Candidates.ForgetAsync("kaniko", Ct));
        Assert.Empty((await db.Candidates.ListAsync(1, 50, null, Ct)).Items);
    }

    [Fact]
    public async Task Re_extraction_replaces_a_profiles_terms_with_what_its_questionnaire_names_now()
    {
        var db = await FreshDatabaseAsync();
        var stale = new ProfileWrite(NewExternalId(), Questionnaire.Text("Пишу на Python, деплоим через Werf."), "ru",
            [new ProfileSkill("python", 0.5, SkillSource.Mentioned, [])], [], new ExtractionVersions("extractor-0", "taxonomy-0"))
        {
            CandidateTerms = [Term("Kaniko")],
        };
        await db.Profiles.UpsertAsync(stale, Compose, Ct);

        var start = await new ReextractionRunner(db, new SkillExtractor(Taxonomy), Taxonomy, new ReextractionOptions { BatchSize = 2 })
            .TryStartAsync(ReextractionTrigger.Console, Ct);
        await using (var run = start.Started!) await run.ExecuteAsync(null, Ct);

        Assert.Equal([("werf", 1), ("kaniko", 0)], await CountsAsync(db, "werf", "kaniko"));
        var werf = (await db.Candidates.FindAsync("werf", Ct))!;
        Assert.Equal("Werf", werf.Display);
        Assert.Contains("Werf", Assert.Single(werf.Examples), StringComparison.Ordinal);
    }

    private static async Task<List<(string, int)>> CountsAsync(MatchingDatabase db, params string[] keys)
    {
        var counts = new List<(string, int)>();
        foreach (var key in keys) counts.Add((key, (await db.Candidates.FindAsync(key, Ct))?.Profiles ?? 0));
        return counts;
    }

    private async Task<MatchingDatabase> FreshDatabaseAsync()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());
        await db.MigrateAsync(Ct);
        return db;
    }
}

public sealed class SqliteCandidateTermStoreTests(SqliteFixture fixture) : CandidateTermStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCandidateTermStoreTests(PostgresFixture fixture) : CandidateTermStoreTests(fixture), IClassFixture<PostgresFixture>;
