// Development: smallest sizes, scale to zero, no HA, 7 days of backups.
// Deploy: az deployment group create -g rg-intellifin-dev -f infra/main.bicep -p infra/parameters/dev.bicepparam
using '../main.bicep'

param environmentName = 'dev'
param appName = 'intellifin'
// Nearest region to Zambia with availability zones; check Flex Consumption and zone-redundant
// PostgreSQL there before the first deployment (docs/deployment.md, "Region").
param location = 'southafricanorth'
param staticWebAppLocation = 'westeurope'

param storageSkuName = 'Standard_LRS'
param blobDeleteRetentionDays = 7
param logRetentionInDays = 30
param keyVaultSoftDeleteRetentionInDays = 7

param postgresVersion = '16'
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresStorageSizeGB = 32
param postgresHighAvailability = 'Disabled'
param postgresBackupRetentionDays = 7
param postgresGeoRedundantBackup = false
param postgresElasticCluster = false
param postgresAllowAzureServices = true
// Add your own public IP to run migrations from your machine, e.g. ['198.51.100.7'].
param postgresOperatorIpAddresses = []
// The Entra group whose members administer PostgreSQL and run the migrations, read from the
// environment of whoever deploys (docs/deployment.md, section 2); deployment stops if unset.
param postgresOperatorPrincipalId = readEnvironmentVariable('INTELLIFIN_DB_OPERATORS_ID')
param postgresOperatorPrincipalName = readEnvironmentVariable('INTELLIFIN_DB_OPERATORS_NAME')
param postgresSessionRole = 'intellifin_owner'

param functionInstanceMemoryMB = 2048
param functionMaximumInstanceCount = 10
param functionAlwaysReadyHttpInstances = 0
// Dev saves the cost of a warm durable instance: an onboarding started after an idle period
// waits for a cold start there. Prod keeps one (Microsoft's Durable-on-Flex advice).
param functionAlwaysReadyDurableInstances = 0

// Outgoing mail through Azure Communication Services' SMTP relay (docs/deployment.md,
// section 3). The user name and sender exist only once ACS is set up, so they are read from
// the environment; the password is the Key Vault secret smtp-password.
param smtpHost = 'smtp.azurecomm.net'
param smtpPort = 587
param smtpUsername = readEnvironmentVariable('INTELLIFIN_SMTP_USERNAME')
param emailFrom = readEnvironmentVariable('INTELLIFIN_EMAIL_FROM')

param logLevel = 'DEBUG'
