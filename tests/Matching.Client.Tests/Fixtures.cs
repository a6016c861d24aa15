using Matching.Api.Tests;

namespace Matching.Client.Tests;

public sealed class SqliteClientTests(SqliteApiFixture fixture) : ClientTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresClientTests(PostgresApiFixture fixture) : ClientTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
