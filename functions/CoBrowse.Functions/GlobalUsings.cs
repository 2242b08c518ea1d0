global using CoBrowse.Core.Application;
global using CoBrowse.Functions.Http;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.Azure.Functions.Worker;
global using Microsoft.DurableTask.Client;
