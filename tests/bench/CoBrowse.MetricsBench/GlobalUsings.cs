global using Azure.Data.Tables;
