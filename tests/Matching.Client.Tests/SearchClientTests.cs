using Matching.Api.Tests;

namespace Matching.Client.Tests;

/// <summary>
/// The search operations (issue 14) through the generated client: custom fields, attributes on ingest and by PATCH, /match
/// with a filter, facets and a cursor, similar candidates, the skill gap, and a job's default filter. SQLite and PostgreSQL.
/// </summary>
public abstract class SearchClientTests(ApiFactory factory)
{
    private MatchingClient Client(string? key = ApiFactory.AdminKey) =>
        new(factory.CreateDefaultClient(new DocumentedErrors.Recorder()), key);

    private static QuestionnaireRequest Text(string content, ProfileAttributesInput? attributes) => new()
    {
        Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = content, Answers = null },
        Attributes = attributes,
    };

    [Fact]
    public async Task Custom_fields_attributes_filters_facets_cursor_similar_and_gap_round_trip()
    {
        using var api = Client();
        var tag = "c" + Guid.NewGuid().ToString("N")[..10];
        var field = await api.CustomFields.PutAsync("team", new CustomFieldInput { Type = CustomFieldInputType.String, Description = "Team" });
        Assert.Equal("team", field.Key);
        Assert.Contains((await api.CustomFields.ListAsync()).Items, f => f.Key == "team");

        var berlin = await api.Profiles.IngestAsync(Text("Python и Django каждый день, PostgreSQL.", new ProfileAttributesInput
        {
            Location = new LocationInput { Country = "DE", City = "Berlin", Lat = 52.52, Lon = 13.405 },
            Languages = [new LanguageInput { Code = "en", Level = "C1" }],
            AvailableFrom = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Tags = [tag],
            Custom = new Dictionary<string, object> { ["team"] = "payments" },
        }));
        Assert.Equal("DE", berlin.Attributes.Location!.Country);
        Assert.Equal("payments", berlin.Attributes.Custom["team"]?.ToString());
        var twin = await api.Profiles.IngestAsync(Text("Python и Django, PostgreSQL в проде.", new ProfileAttributesInput
        {
            Location = new LocationInput { Country = "RU", City = "Kazan" },
            Tags = [tag],
        }));

        var patched = await api.Profiles.SetAttributesAsync(twin.Id!, new ProfileAttributesInput { Remote = true });
        Assert.True(patched.Attributes.Remote);
        Assert.Equal("RU", patched.Attributes.Location!.Country);
        // Null properties are not sent by the client: an empty location clears it, and the rest stays.
        var cleared = await api.Profiles.SetAttributesAsync(twin.Id!, new ProfileAttributesInput { Location = new LocationInput() });
        Assert.Null(cleared.Attributes.Location);
        Assert.True(cleared.Attributes.Remote);
        // Parts named in Clearing are sent as null: the merge patch clears them, and only them.
        var years = await api.Profiles.SetAttributesAsync(twin.Id!, new ProfileAttributesInput { YearsOfExperience = 7, Relocation = true });
        Assert.Equal(7, years.Attributes.YearsOfExperience);
        Assert.True(years.Attributes.Relocation);
        var unset = await api.Profiles.SetAttributesAsync(twin.Id!, new ProfileAttributesInput { Tags = [tag] }.Clearing("relocation", "yearsOfExperience"));
        Assert.Null(unset.Attributes.Relocation);
        Assert.Null(unset.Attributes.YearsOfExperience); // the questionnaire states no years
        Assert.True(unset.Attributes.Remote);
        Assert.Equal([tag], unset.Attributes.Tags);
        Assert.Throws<ArgumentException>(() => new ProfileAttributesInput().Clearing("city"));

        var page = await api.Match.RunAsync(new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "python" }],
            TopK = 1,
            Filter = new MatchFilter { Tags = new TagsFilter { Any = [tag] } },
            Facets = ["location.country"],
        });
        Assert.Equal(2, page.Matched);
        var country = Assert.Single(page.Facets!["location.country"]); // the other one's location was cleared
        Assert.Equal(("DE", 1), (country.Value, country.Count));
        Assert.NotNull(page.NextCursor);
        var next = await api.Match.RunAsync(new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "python" }],
            TopK = 1,
            Filter = new MatchFilter { Tags = new TagsFilter { Any = [tag] } },
            Cursor = page.NextCursor,
        });
        Assert.NotEqual(page.Results[0].ProfileId, Assert.Single(next.Results).ProfileId);
        await ClientTests.Fails(() => api.Match.RunAsync(new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "python" }],
            Filter = new MatchFilter { Location = new LocationFilter { Near = new NearFilter { Lat = 52.5, Lon = 13.4 } } },
        }), 400, "validation-failed");
        await ClientTests.Fails(() => api.Match.RunAsync(new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "python" }],
            Cursor = page.NextCursor,
        }), 400, "invalid-cursor");

        var similar = await api.Profiles.SimilarAsync(berlin.Id!, topK: 50);
        Assert.Contains(similar.Results, r => r.ProfileId == twin.Id);
        Assert.DoesNotContain(similar.Results, r => r.ProfileId == berlin.Id);
        var filtered = await api.Profiles.SimilarFilteredAsync(berlin.Id!, new SimilarRequest
        {
            TopK = 10,
            Filter = new MatchFilter { Remote = true, Tags = new TagsFilter { Any = [tag] } },
        });
        Assert.Equal(twin.Id, Assert.Single(filtered.Results).ProfileId);
        await ClientTests.Fails(() => api.Profiles.SimilarAsync("p_missing"), 404, "not-found");

        var job = await api.Jobs.CreateAsync(new JobInput
        {
            Title = "Python in Germany",
            Requirements = [new RequirementInput { Skill = "python" }, new RequirementInput { Skill = "kubernetes", Required = true }],
            Filter = new MatchFilter { Location = new LocationFilter { Countries = ["DE"] }, Tags = new TagsFilter { Any = [tag] } },
        });
        Assert.Equal(["DE"], job.Filter!.Location!.Countries);
        var byJob = await api.Match.RunAsync(new MatchRequest { JobId = job.Id });
        Assert.Equal(berlin.Id, Assert.Single(byJob.Results).ProfileId);

        var gap = await api.Profiles.GapAsync(berlin.Id!, job.Id);
        Assert.Equal(RequirementGapStatus.Missing, gap.Requirements.Single(r => r.Skill == "kubernetes").Status);
        Assert.NotEqual(RequirementGapStatus.Missing, gap.Requirements.Single(r => r.Skill == "python").Status);
        await ClientTests.Fails(() => api.Profiles.GapAsync(berlin.Id!, "j_missing"), 404, "not-found");

        await ClientTests.Fails(() => api.CustomFields.DeleteAsync("team"), 409, "custom-field-in-use");
        await ClientTests.Fails(() => api.Profiles.SetAttributesAsync(berlin.Id!, new ProfileAttributesInput
        {
            Custom = new Dictionary<string, object> { ["no_such_field"] = "x" },
        }), 400, "validation-failed");
    }
}

public sealed class SqliteSearchClientTests(SqliteApiFixture fixture) : SearchClientTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresSearchClientTests(PostgresApiFixture fixture) : SearchClientTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
