// The function app: a Linux Flex Consumption plan running the .NET isolated worker (dotnet-isolated 10.0) as the
// user-assigned identity. Every app setting is a name, URL or client id; nothing here is a secret.

@description('Azure region for the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (becomes <name>.azurewebsites.net).')
param appName string

@description('Service name azd uses to find this app (the azd-service-name tag).')
param azdServiceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Principal id of the user-assigned identity (for the monitoring role assignment).')
param identityPrincipalId string

@description('Name of the storage account the Functions host uses (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('URL of the blob container Flex Consumption deploys the package from.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Connection string of Application Insights (local auth is off, so it is not a credential).')
param applicationInsightsConnectionString string

@description('Blob endpoint of the model storage account (https://<account>.blob.core.windows.net).')
param modelAccountUrl string

@description('Blob container that holds the models.')
param modelContainerName string

@description('Name of the model the app serves (<name>/current.json in the container).')
param modelName string

@description('How often the app checks <name>/current.json for a new version (TimeSpan, hh:mm:ss).')
param modelPollInterval string = '00:00:30'

@description('Version of the dotnet-isolated runtime stack (see az functionapp list-flexconsumption-runtimes --runtime dotnet-isolated).')
@allowed([
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // The Functions host's own storage, reached with the identity instead of a connection string.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: hostStorageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // What the worker reads to find its model (configuration section ModelStorage).
        {
          name: 'ModelStorage__AccountUrl'
          value: modelAccountUrl
        }
        {
          name: 'ModelStorage__ContainerName'
          value: modelContainerName
        }
        {
          name: 'ModelStorage__ModelName'
          value: modelName
        }
        {
          name: 'ModelStorage__ManagedIdentityClientId'
          value: identityClientId
        }
        // How quickly a publish or rollback is picked up (configuration section Serving, validated at start).
        {
          name: 'Serving__ModelPollInterval'
          value: modelPollInterval
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }
}

// Deployments authenticate with Entra ID (az / azd); publishing user names and passwords stay off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource metricsPublisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name of the function app.')
output defaultHostName string = functionApp.properties.defaultHostName
