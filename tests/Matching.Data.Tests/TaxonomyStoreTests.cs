using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>The taxonomy overlay's store: revisions, and finding and restamping the profiles a change can affect.</summary>
public abstract class TaxonomyStoreTests(DatabaseFixture fixture)
{
    private static CancellationToken Ct => CancellationToken.None;
    private static readonly ExtractionVersions Before = new(ExtractorVersion.Current, "test+1");
    private static readonly ExtractionVersions After = new(ExtractorVersion.Current, "test+2");

    [Fact]
    public async Task Changes_get_consecutive_revisions_and_a_revision_taken_by_another_writer_stores_nothing()
    {
        var db = await FreshDatabaseAsync();
        var create = new TaxonomyChange
        {
            Kind = TaxonomyChangeKind.Create, SkillId = "acme", Name = "ACME", Category = "tools", Aliases = ["Акме", "acme db"],
            Parents = ["sql"], ExternalIds = new Dictionary<string, string> { ["esco"] = "http://data.europa.eu/esco/skill/x" },
        };
        var update = new TaxonomyChange { Kind = TaxonomyChangeKind.Update, SkillId = "python", AddAliases = ["питон3"], RemoveAliases = ["py"] };

        Assert.Equal(0, await db.Taxonomy.CurrentRevisionAsync(Ct));
        Assert.True(await db.Taxonomy.AppendAsync(1, create, "admin", Ct));
        Assert.False(await db.Taxonomy.AppendAsync(1, update, "other", Ct));
        Assert.True(await db.Taxonomy.AppendAsync(2, update, null, Ct));

        Assert.Equal(2, await db.Taxonomy.CurrentRevisionAsync(Ct));
        var stored = await db.Taxonomy.ChangesSinceAsync(0, Ct);
        Assert.Equal([1L, 2L], stored.Select(r => r.Revision));
        var first = stored[0].Change;
        Assert.Equal((TaxonomyChangeKind.Create, "acme", "ACME", "tools", "admin"), (first.Kind, first.SkillId, first.Name, first.Category, stored[0].Actor));
        Assert.Equal(["Акме", "acme db"], first.Aliases);
        Assert.Equal("http://data.europa.eu/esco/skill/x", first.ExternalIds["esco"]);
        Assert.Equal(["питон3"], stored[1].Change.AddAliases);
        Assert.Equal(["py"], stored[1].Change.RemoveAliases);
        Assert.Equal([2L], (await db.Taxonomy.ChangesSinceAsync(1, Ct)).Select(r => r.Revision));
    }

    [Fact]
    public async Task Candidates_are_found_whatever_the_case_inflection_or_e_and_only_they_stay_due_after_a_restamp()
    {
        var db = await FreshDatabaseAsync();
        var upper = await StoreAsync(db, Questionnaire.Text("Строил витрины на АКМЕХАУСЕ и Python."));
        var yo = await StoreAsync(db, Questionnaire.Text("Пользовался Акмёхаусом, писал на Python."));
        var qa = await StoreAsync(db, Questionnaire.Qa(new QaAnswer("Инструменты?", "Python, AcmeHaus и акмехаус-кластеры")));
        var unrelated = await StoreAsync(db, Questionnaire.Text("Пишу на Python и PostgreSQL."));
        var older = await StoreAsync(db, Questionnaire.Text("Пишу на Python и Docker."), new ExtractionVersions(ExtractorVersion.Current, "test"));

        var candidates = await db.Taxonomy.CandidateProfilesAsync(["акмехаус"], [], Ct);
        Assert.Equal(new[] { upper, yo, qa }.Order(StringComparer.Ordinal), candidates.Order(StringComparer.Ordinal));
        Assert.Equal([qa], await db.Taxonomy.CandidateProfilesAsync(["acmehaus"], [], Ct));
        // Holding a skill counts too (a retired skill's profiles).
        Assert.Equal([unrelated], await db.Taxonomy.CandidateProfilesAsync([], ["postgresql"], Ct));

        var restamped = await db.Taxonomy.RestampAsync(Before, After, candidates, Ct);

        Assert.Equal(1, restamped);
        Assert.Equal(After, (await db.Profiles.GetAsync(unrelated, Ct))!.Versions);
        foreach (var id in candidates) Assert.Equal(Before, (await db.Profiles.GetAsync(id, Ct))!.Versions);
        // A profile from before the previous change stays due as it was: the change's search only covered one step.
        Assert.Equal("test", (await db.Profiles.GetAsync(older, Ct))!.Versions.Taxonomy);
    }

    private static async Task<string> StoreAsync(MatchingDatabase db, Questionnaire questionnaire, ExtractionVersions? versions = null)
    {
        var skills = new List<ProfileSkill> { new("python", 0.5, SkillSource.Mentioned, []) };
        if (questionnaire.Content?.Contains("PostgreSQL") == true) skills.Add(new ProfileSkill("postgresql", 0.5, SkillSource.Mentioned, []));
        var (profile, _) = await db.Profiles.UpsertAsync(new ProfileWrite(NewExternalId(), questionnaire, "ru", skills, [], versions ?? Before),
            Compose, Ct);
        return profile.Id;
    }

    private async Task<MatchingDatabase> FreshDatabaseAsync()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());
        await db.MigrateAsync(Ct);
        return db;
    }
}

public sealed class SqliteTaxonomyStoreTests(SqliteFixture fixture) : TaxonomyStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresTaxonomyStoreTests(PostgresFixture fixture) : TaxonomyStoreTests(fixture), IClassFixture<PostgresFixture>;
