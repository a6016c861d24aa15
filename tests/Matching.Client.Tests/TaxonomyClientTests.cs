using System.Text;
using System.Text.Json;
using Matching.Api.Tests;
using Matching.Core.Taxonomy;

namespace Matching.Client.Tests;

/// <summary>
/// The customer's taxonomy through the generated client: a custom skill with a Russian alias found inflected, stored
/// profiles following it, export that loads back, diff, retire, and bad changes read back with their codes. Each
/// provider gets its own API and database, so these changes do not move the taxonomy version under the other client tests.
/// </summary>
public abstract class TaxonomyClientTests(Matching.Api.Tests.ApiFactory factory)
{
    private MatchingClient Client(string? key = Matching.Api.Tests.ApiFactory.AdminKey) =>
        new(factory.CreateDefaultClient(new DocumentedErrors.Recorder()), key);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static QuestionnaireRequest Text(string? externalId, string content) => new()
    {
        ExternalId = externalId,
        Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Markdown, Content = content, Answers = null },
    };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until) return value;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_custom_skill_with_a_Russian_alias_is_extracted_inflected_and_stored_profiles_get_it()
    {
        using var api = Client();
        var id = "acme-lakehouse-" + Unique();
        var stored = await api.Profiles.IngestAsync(Text("taxo-" + id,
            "## Опыт\nСтроил витрины данных в Акмехаусе и на Apache Spark, модели обучал на PyTorch."));
        Assert.DoesNotContain(stored.Skills, s => s.Skill == id);

        var created = await api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = id,
            Name = "ACME Lakehouse " + id[^8..],
            Category = "data-engineering",
            Aliases = ["Акмехаус"],
            Parents = ["data-engineering"],
            Related = ["apache-spark"],
            ExternalIds = new() { ["hr"] = "SK-1042" },
        });
        Assert.True(created.Revision > 0);
        Assert.EndsWith("+" + created.Revision, created.TaxonomyVersion);
        Assert.Equal((id, true, "SK-1042"), (created.Skill.Id, created.Skill.Custom, created.Skill.ExternalIds["hr"]));
        Assert.Contains("Акмехаус", created.Skill.Aliases);

        // An inflected form (instrumental case) on the next request.
        var extracted = await api.Profiles.ExtractAsync(Text(null, "## Опыт\nРаботаю с Акмехаусом третий год, пишу на Python."));
        var skill = Assert.Single(extracted.Skills, s => s.Skill == id);
        Assert.Equal(ProfileSkillSource.Mentioned, skill.Source);
        Assert.Contains(extracted.Skills, s => s.Skill == "data-engineering" && s.Source == ProfileSkillSource.Inferred);
        Assert.Equal(created.TaxonomyVersion, extracted.TaxonomyVersion);

        var summary = await api.Taxonomy.GetAsync();
        Assert.Contains(summary.CustomSkills, s => s.Id == id);
        Assert.Contains(summary.Changes, c => c.SkillId == id && c.Kind == TaxonomyRevisionKind.Create && c.Revision == created.Revision);
        Assert.True((await api.Skills.GetAsync(id)).Custom);

        // The stored profile that mentions it is re-extracted in the background.
        var profile = await EventuallyAsync(() => api.Profiles.GetAsync(stored.Id!), p => p.Skills.Any(s => s.Skill == id), TimeSpan.FromSeconds(20));
        Assert.Contains(profile.Skills, s => s.Skill == id);
        var follow = await api.Taxonomy.ReextractionAsync();
        Assert.NotNull(follow.Run);
        Assert.Equal(ReextractionRunTrigger.Taxonomy, follow.Run.Trigger);
    }

    [Fact]
    public async Task The_export_loads_back_the_diff_shows_alias_changes_and_a_retired_skill_is_gone()
    {
        using var api = Client();
        var id = "beta-mesh-" + Unique();
        var created = await api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = id, Name = "Beta Mesh " + id[^8..], Category = "data-engineering", Aliases = ["Бетамеш " + id[^8..], "BM " + id[^8..]],
        });
        var updated = await api.Taxonomy.UpdateSkillAsync(id, new SkillAliasChange
        {
            AddAliases = ["Бета Меш " + id[^8..]],
            RemoveAliases = ["BM " + id[^8..]],
            ExternalIds = new() { ["lightcast"] = "KS-" + id[^8..] },
        });
        Assert.True(updated.Revision > created.Revision);
        Assert.Contains("Бета Меш " + id[^8..], updated.Skill.Aliases);
        Assert.DoesNotContain("BM " + id[^8..], updated.Skill.Aliases);

        // The export is a taxonomy file: it loads back with the custom skill and its spellings.
        var export = (JsonElement)await api.Taxonomy.ExportAsync();
        var loaded = SkillTaxonomy.Load(new MemoryStream(Encoding.UTF8.GetBytes(export.GetRawText())));
        var summary = await api.Taxonomy.GetAsync();
        Assert.Equal(summary.Version, export.GetProperty("version").GetString());
        // A loaded file's version carries a hash of its content after the version it names.
        Assert.StartsWith(summary.Version + "+", loaded.Version);
        Assert.Equal(summary.Skills, loaded.Count);
        var back = loaded.Find(id);
        Assert.NotNull(back);
        Assert.True(back.Custom);
        Assert.Equal("KS-" + id[^8..], back.ExternalIds["lightcast"]);
        Assert.Equal(id, loaded.ResolveExact("Бета Меш " + id[^8..])?.Skill.Id);

        var diff = await api.Taxonomy.DiffAsync(from: created.TaxonomyVersion, to: updated.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((created.TaxonomyVersion, updated.TaxonomyVersion), (diff.From, diff.To));
        Assert.Empty(diff.Added);
        var changed = Assert.Single(diff.Changed);
        Assert.Equal(id, changed.Id);
        Assert.Equal(["Бета Меш " + id[^8..]], changed.AddedAliases);
        Assert.Equal(["BM " + id[^8..]], changed.RemovedAliases);
        Assert.Equal([SkillDiffField.ExternalIds], changed.Fields);
        Assert.Contains(id, (await api.Taxonomy.DiffAsync(to: created.TaxonomyVersion)).Added);

        var retired = await api.Taxonomy.RetireSkillAsync(id);
        Assert.Equal(id, retired.Retired);
        Assert.True(retired.Revision > updated.Revision);
        Assert.EndsWith("+" + retired.Revision, retired.TaxonomyVersion);
        Assert.Contains(id, (await api.Taxonomy.DiffAsync(from: updated.TaxonomyVersion)).Removed);
        await ClientTests.Fails(() => api.Skills.GetAsync(id), 404, "not-found");
        Assert.DoesNotContain((await api.Taxonomy.GetAsync()).CustomSkills, s => s.Id == id);
        await ClientTests.Fails(() => api.Taxonomy.DiffAsync(from: "999999"), 422, "unknown-taxonomy-version");
    }

    [Fact]
    public async Task Bad_changes_come_back_with_their_codes_and_store_nothing()
    {
        using var api = Client();
        var id = "gamma-" + Unique();
        var before = (await api.Taxonomy.GetAsync()).Revision;

        var taken = await ClientTests.Fails(() => api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = id, Name = "Gamma", Category = "data-engineering", Aliases = ["Спарк"],
        }), 422, "alias-taken");
        Assert.Contains("apache-spark", taken.Detail);
        await ClientTests.Fails(() => api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = id, Name = "Gamma", Category = "data-engineering", Parents = ["no-such-parent-" + id],
        }), 422, "unknown-parent");
        await ClientTests.Fails(() => api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = id, Name = "Gamma", Category = "data-engineering", Parents = [id],
        }), 422, "taxonomy-cycle");
        await ClientTests.Fails(() => api.Taxonomy.CreateSkillAsync(new CustomSkillInput
        {
            Id = "postgresql", Name = "Postgres again", Category = "databases",
        }), 409, "skill-exists");
        await ClientTests.Fails(() => api.Taxonomy.UpdateSkillAsync("clickhouse", new SkillAliasChange { AddAliases = ["постгрес"] }), 422, "alias-taken");
        await ClientTests.Fails(() => api.Taxonomy.UpdateSkillAsync(id, new SkillAliasChange { AddAliases = ["Гамма"] }), 404, "not-found");
        await ClientTests.Fails(() => api.Taxonomy.RetireSkillAsync("postgresql"), 422, "not-custom-skill");

        Assert.Equal(before, (await api.Taxonomy.GetAsync()).Revision);
        await ClientTests.Fails(() => api.Skills.GetAsync(id), 404, "not-found");

        using var writer = Client(Matching.Api.Tests.ApiFactory.WriteKey);
        await ClientTests.Fails(() => writer.Taxonomy.RetireSkillAsync("postgresql"), 403, "forbidden");
    }
}

public sealed class SqliteTaxonomyClientTests(SqliteApiFixture fixture) : TaxonomyClientTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresTaxonomyClientTests(PostgresApiFixture fixture) : TaxonomyClientTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
