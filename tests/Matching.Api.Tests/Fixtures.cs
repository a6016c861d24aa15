namespace Matching.Api.Tests;

public sealed class SqliteApiTests(SqliteApiFixture fixture) : ApiTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresApiTests(PostgresApiFixture fixture) : ApiTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
