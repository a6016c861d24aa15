using Matching.Api.Infrastructure;

// `dotnet Matching.Api.dll --healthcheck [url]`: the container's health check (the image has no curl).
if (HealthProbe.IsRequested(args)) return await HealthProbe.RunAsync(args);
// A start-up error the operator must fix ends the process with one line on stderr and a distinct exit code.
FatalErrors.ExitOnOneLine();

var builder = WebApplication.CreateBuilder(args);
builder.AddApiKeys();                      // who may call, and with which scope
var web = builder.AddWebSettings();        // limits, HTTP manners, quotas, telemetry, log format
builder.AddExtraction();                   // taxonomy, extractor, the evidence cache
builder.AddStorage();                      // the database, its stores, migrations, the match index, background runs
builder.AddEndpointsAndDocument();         // the endpoints and the OpenAPI document

var app = builder.Build();
app.UsePipeline(web);
app.Run();
return 0;

public partial class Program;
