using Matching.Data;
using Microsoft.Extensions.Configuration;

namespace Matching.Data.Tests;

/// <summary>The one reading of the database settings the API, the nightly program and the loader share.</summary>
public sealed class DatabaseSettingsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("matching-settings-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void From_the_repository_root_and_from_a_program_folder_inside_it_the_default_is_the_apis_database()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir.FullName, "checkout"));
        File.WriteAllText(Path.Combine(root.FullName, "Matching.sln"), "");
        var binFolder = Directory.CreateDirectory(Path.Combine(root.FullName, "src", "Matching.Nightly", "bin", "Debug", "net10.0"));
        var expected = Path.Combine(root.FullName, "src", "Matching.Api", "data", "matching.db");

        Assert.Equal(expected, DatabaseSettings.ApiDefaultSqliteFile(root.FullName));
        Assert.Equal(expected, DatabaseSettings.ApiDefaultSqliteFile(binFolder.FullName));
        // Run from elsewhere (cron's home folder), the program's own folder still finds the checkout.
        Assert.Equal(expected, DatabaseSettings.ApiDefaultSqliteFile(_dir.FullName, binFolder.FullName));
    }

    [Fact]
    public void Outside_a_checkout_the_default_is_data_under_the_first_folder()
    {
        var deployed = Directory.CreateDirectory(Path.Combine(_dir.FullName, "app"));
        Assert.Equal(Path.Combine(deployed.FullName, "data", "matching.db"), DatabaseSettings.ApiDefaultSqliteFile(deployed.FullName));
    }

    [Fact]
    public void Settings_and_options_are_read_the_same_way_for_every_program()
    {
        var sqlite = DatabaseSettings.Read(Config(), "/x/matching.db");
        Assert.Equal(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=/x/matching.db"), sqlite);

        var pg = DatabaseSettings.Read(Config(("Database:Provider", "postgres"), ("ConnectionStrings:Matching", "Host=db")), "/x/matching.db");
        Assert.Equal(new DatabaseOptions(DatabaseProvider.Postgres, "Host=db"), pg);

        // A program's own options win over the settings.
        var over = DatabaseSettings.Read(Config(("Database:Provider", "postgres")), "/x/matching.db", provider: "sqlite", connection: "Data Source=/y.db");
        Assert.Equal(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=/y.db"), over);

        Assert.Contains("Sqlite or Postgres", Assert.Throws<SettingsException>(() => DatabaseSettings.Read(Config(("Database:Provider", "mysql")), "/x")).Message);
        Assert.Throws<SettingsException>(() => DatabaseSettings.Read(Config(("Database:Provider", "1")), "/x"));
        Assert.Contains("connection string", Assert.Throws<SettingsException>(() => DatabaseSettings.Read(Config(("Database:Provider", "Postgres")), "/x")).Message);
    }

    [Fact]
    public void A_sqlite_file_that_does_not_exist_is_refused_unless_creating_is_asked()
    {
        var file = Path.Combine(_dir.FullName, "mistyped.db");
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file}");
        var e = Assert.Throws<SettingsException>(() => DatabaseSettings.RequireExisting(options, create: false));
        Assert.Contains(file, e.Message);
        Assert.Contains("--create", e.Message);

        DatabaseSettings.RequireExisting(options, create: true);
        File.WriteAllText(file, "");
        DatabaseSettings.RequireExisting(options, create: false);
        DatabaseSettings.RequireExisting(new DatabaseOptions(DatabaseProvider.Postgres, "Host=db"), create: false);
        Assert.False(File.Exists(file + "-journal"));
    }

    [Fact]
    public void The_taxonomy_file_is_the_setting_when_given_else_the_shipped_one()
    {
        Assert.Equal("/custom/taxonomy.json", DatabaseSettings.TaxonomyFile(Config(("Taxonomy:Path", "/custom/taxonomy.json"))));
        var shipped = DatabaseSettings.TaxonomyFile(Config(("Taxonomy:Path", "  ")));
        Assert.True(File.Exists(shipped), shipped);
        Assert.EndsWith(Path.Combine("db", "taxonomy.json"), shipped);
        Assert.Equal(shipped, DatabaseSettings.TaxonomyFile(Config()));
    }
}
