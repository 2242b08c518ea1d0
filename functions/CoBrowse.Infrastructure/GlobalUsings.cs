global using Azure;
global using Azure.Data.Tables;
global using CoBrowse.Core.Application;
