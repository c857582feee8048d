// ActressOnnx on Azure: model storage, a Flex Consumption function app running the .NET isolated worker,
// its identity, monitoring and (optionally) a Bing Search account. Deploy into a resource group:
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json ...
// See the Deploy section of the README for the whole sequence.
targetScope = 'resourceGroup'

@description('Name of the environment (dev, prod, ...): seeds the unique resource names and tags every resource.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource except the global Bing account. Must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Object id of the engineer or CI identity that publishes models (Storage Blob Data Contributor on the model storage). Empty: no assignment.')
param publisherPrincipalId string = ''

@description('Kind of principal publisherPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param publisherPrincipalType string = 'User'

@description('Name of the model the function app serves; the trainer publishes it with `actressonnx publish --name <this>`.')
@minLength(1)
param modelName string = 'actresses'

@description('How often each instance checks the model pointer for a new version or a rollback (a TimeSpan, hh:mm:ss; 00:00:01 to 1.00:00:00). A change is served within about this long.')
@minLength(8)
param modelPollInterval string = '00:00:30'

@description('Blob container that holds the published models.')
@minLength(3)
@maxLength(63)
param modelContainerName string = 'models'

@description('Memory of each function app instance in MB (ONNX Runtime with a ResNet18 fits in 2048).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('.NET version of the dotnet-isolated stack the worker runs on.')
@allowed([
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Deploy a Bing Search v7 account for the gather command. Leave false: Azure no longer creates Bing Search resources since the API was retired on 2025-08-11.')
param deployBingSearch bool = false

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'actressonnx'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: tags
    name: 'id-actressonnx-${resourceToken}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-actressonnx-${resourceToken}'
    applicationInsightsName: 'appi-actressonnx-${resourceToken}'
  }
}

module modelStorage 'modules/model-storage.bicep' = {
  name: 'model-storage'
  params: {
    location: location
    tags: tags
    storageAccountName: 'stmodels${resourceToken}'
    containerName: modelContainerName
    readerPrincipalId: identity.outputs.principalId
    publisherPrincipalId: publisherPrincipalId
    publisherPrincipalType: publisherPrincipalType
  }
}

module functionStorage 'modules/function-storage.bicep' = {
  name: 'function-storage'
  params: {
    location: location
    tags: tags
    storageAccountName: 'stfunc${resourceToken}'
    deploymentContainerName: 'app-package-${resourceToken}'
    ownerPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    planName: 'plan-actressonnx-${resourceToken}'
    appName: 'func-actressonnx-${resourceToken}'
    azdServiceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    hostStorageAccountName: functionStorage.outputs.storageAccountName
    deploymentContainerUrl: functionStorage.outputs.deploymentContainerUrl
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    modelAccountUrl: modelStorage.outputs.blobEndpoint
    modelContainerName: modelStorage.outputs.containerName
    modelName: modelName
    modelPollInterval: modelPollInterval
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
}

module bingSearch 'modules/bing-search.bicep' = if (deployBingSearch) {
  name: 'bing-search'
  params: {
    name: 'bing-actressonnx-${resourceToken}'
    tags: tags
  }
}

@description('Name of the function app (for az functionapp commands).')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('URL of the predict function; call it with a function key (?code= or x-functions-key).')
output FUNCTION_URL string = 'https://${functionApp.outputs.defaultHostName}/api/predict'

@description('URL of the anonymous health function.')
output HEALTH_URL string = 'https://${functionApp.outputs.defaultHostName}/api/health'

@description('Blob endpoint of the model storage account: pass it to `actressonnx publish --account-url`.')
output MODEL_STORAGE_ACCOUNT_URL string = modelStorage.outputs.blobEndpoint

@description('Blob container the models are published to.')
output MODEL_CONTAINER_NAME string = modelStorage.outputs.containerName

@description('Name of the model the function app serves.')
output MODEL_NAME string = modelName

@description('Client id of the function app identity (ModelStorage__ManagedIdentityClientId).')
output IDENTITY_CLIENT_ID string = identity.outputs.clientId
