using CoBrowse.Functions;
using CoBrowse.Functions.Observability;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<FunctionNameMiddleware>();
builder.Services.AddCoBrowseFunctions(builder.Configuration);
builder.Services.AddCoBrowseApplicationInsights(builder.Configuration);
builder.Build().Run();
