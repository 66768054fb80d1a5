//! From an onboarding to the files a customer deploys: a template and its parameters file.

use serde::Serialize;

use uuid::Uuid;

use crate::arm::api_version;
use crate::arm::evaluate;
use crate::arm::onboarding::{ArmOnboarding, ResourceGroupName, Scope};
use crate::arm::template::{
    CopyLoop, DeploymentParameters, DeploymentTemplate, Metadata, NestedDeployment,
    NestedDeploymentProperties, Output, ParameterDeclaration, ParameterType, ParameterValue,
    ParameterValues, PlanBlock, RegistrationAssignment, RegistrationAssignmentProperties,
    RegistrationDefinition, RegistrationDefinitionProperties, Resource, ResourceGroupItem,
};

/// The API version of `Microsoft.ManagedServices` that exported templates use: the latest
/// stable one, which knows eligible authorizations ([`api_version::LATEST`]).
pub const API_VERSION: &str = api_version::LATEST.version;

/// The `$schema` of a template deployed to a subscription.
pub const SUBSCRIPTION_TEMPLATE_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";

/// The `$schema` of a parameters file for a subscription deployment.
pub const SUBSCRIPTION_PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentParameters.json#";

/// The `$schema` of the template nested into each resource group.
const RESOURCE_GROUP_TEMPLATE_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";
const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";
const DEPLOYMENTS_API_VERSION: &str = "2022-09-01";

/// The template variable that holds the registration seed of a plan's onboarding
/// ([`ArmOnboarding::registration_seed`]).
const SEED_VARIABLE: &str = "registrationSeed";

/// What the GUID names are derived from besides the managing tenant: the plan's seed, or the
/// registration name.
fn seed_expression(seeded: bool) -> String {
    if seeded {
        format!("variables('{SEED_VARIABLE}')")
    } else {
        "parameters('mspOfferName')".to_owned()
    }
}

/// The GUID names of the subscription scope: one per managing tenant and seed.
fn subscription_name(seeded: bool) -> String {
    format!(
        "[guid(parameters('managedByTenantId'), {})]",
        seed_expression(seeded)
    )
}

/// The GUID names of the resource group scope: one per managing tenant, seed and resource
/// group (the current one of the copy loop).
fn resource_group_name(seeded: bool) -> String {
    format!(
        "[guid(parameters('managedByTenantId'), {}, parameters('resourceGroups')[copyIndex()].rgName)]",
        seed_expression(seeded)
    )
}

/// The GUID that names the registration definition (and its assignment) of `onboarding`: for
/// the subscription with `group` `None`, for one resource group with its name. It is what the
/// exported template's `guid()` computes at deployment (and the Bicep export's, written the same
/// way): ARM's `guid()` ([`evaluate::guid`]) of the managing tenant, the registration seed
/// ([`ArmOnboarding::registration_seed`], else the registration name) and the group's name.
/// Exports that cannot leave it to ARM (Terraform) write this value.
///
/// ```
/// use lighthouse_offer::arm::{self, evaluate, ArmOnboarding};
/// use lighthouse_offer::Offer;
///
/// let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
/// let offer = Offer::from_json_str(&text)?.into_parts().0;
/// let gold = &offer.plans()[0];
/// let onboarding = ArmOnboarding::for_offer_plan(&offer, gold, arm::Scope::Subscription);
/// let tenant = gold.manifest().tenant_id().to_string();
/// assert_eq!(
///     arm::registration_guid(&onboarding, None),
///     evaluate::guid(&[&tenant, onboarding.registration_seed().unwrap()]),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn registration_guid(onboarding: &ArmOnboarding, group: Option<&ResourceGroupName>) -> Uuid {
    let tenant = onboarding.manifest().tenant_id().to_string();
    let seed = onboarding
        .registration_seed()
        .unwrap_or(onboarding.name().as_str());
    let mut parts = vec![tenant.as_str(), seed];
    parts.extend(group.map(ResourceGroupName::as_str));
    evaluate::guid(&parts)
}

/// The files that onboard a customer without Azure Marketplace: a template, generic for every
/// customer, and a parameters file with this onboarding's values. The customer deploys both to
/// the subscription, for example with
/// `az deployment sub create --location westeurope --template-file subscription.json --parameters subscription.parameters.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmFiles {
    template: DeploymentTemplate,
    parameters: DeploymentParameters,
    file_stem: &'static str,
}

impl ArmFiles {
    /// The template.
    #[must_use]
    pub fn template(&self) -> &DeploymentTemplate {
        &self.template
    }

    /// The parameters file.
    #[must_use]
    pub fn parameters(&self) -> &DeploymentParameters {
        &self.parameters
    }

    /// The template as pretty-printed JSON, ending with a new line.
    ///
    /// # Panics
    /// Never: every key of the template is a string.
    #[must_use]
    pub fn template_json(&self) -> String {
        pretty(&self.template)
    }

    /// The parameters file as pretty-printed JSON, ending with a new line.
    ///
    /// # Panics
    /// Never: every key of the parameters file is a string.
    #[must_use]
    pub fn parameters_json(&self) -> String {
        pretty(&self.parameters)
    }

    /// A file name for the template: `subscription.json` or `resource-groups.json`.
    #[must_use]
    pub fn template_file_name(&self) -> String {
        format!("{}.json", self.file_stem)
    }

    /// A file name for the parameters file: `subscription.parameters.json` or
    /// `resource-groups.parameters.json`.
    #[must_use]
    pub fn parameters_file_name(&self) -> String {
        format!("{}.parameters.json", self.file_stem)
    }
}

fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("ARM files have string keys only");
    text.push('\n');
    text
}

fn declaration(kind: ParameterType, description: &'static str) -> ParameterDeclaration {
    ParameterDeclaration {
        kind,
        metadata: Metadata { description },
    }
}

fn value<T>(value: T) -> ParameterValue<T> {
    ParameterValue { value }
}

/// The template and parameters file that onboard `onboarding`'s scope.
///
/// What the files contain, and why:
/// - one `Microsoft.ManagedServices/registrationDefinitions` (at API version [`API_VERSION`])
///   whose properties come from the parameters `mspOfferName`, `mspOfferDescription`,
///   `managedByTenantId`, `authorizations` and, when the manifest has some,
///   `eligibleAuthorizations`, as in Microsoft's samples;
/// - with a Marketplace plan, the definition's `plan` block from the parameters
///   `marketplacePlanId`, `marketplaceOfferId`, `marketplacePublisherId` and
///   `marketplacePlanVersion` (the manifest's version);
/// - for a subscription, one `registrationAssignments` beside the definition;
/// - for resource groups, a parameter `resourceGroups` (`[{ "rgName": … }]`), one definition
///   per group (a copy loop) and one nested `Microsoft.Resources/deployments` per group that
///   places the assignment in it, as Microsoft's `multi-rg.json` does (one group is a list of
///   one);
/// - resource names are GUIDs made by ARM's `guid()` at deployment, from the managing tenant,
///   the registration name and, for resource groups, the group's name. The same inputs give
///   the same names, so deploying a new version updates the delegation in place; another
///   provider, or another offer on the same resource group, gets other names. (Microsoft's
///   samples hash the offer name alone, or the group name alone, so two providers with the same
///   offer name, or two offers on one group, would overwrite each other.)
/// - the parameters file's `contentVersion` is the manifest's version followed by `.0`, so that
///   [`check`](super::check) reads the version back.
///
/// ```
/// use lighthouse_offer::*;
/// use lighthouse_offer::arm::{self, ArmOnboarding, RegistrationDescription, RegistrationName, Scope};
///
/// let tenant = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
/// let admins = Authorization::new("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?,
///     DisplayName::new("Contoso Lighthouse admins")?, Manifest::DELETE_ROLE)?;
/// let (manifest, _) = Manifest::builder(ManifestVersion::new(1, 2, 0), tenant)
///     .authorization(admins)
///     .build()?
///     .into_parts();
/// let onboarding = ArmOnboarding::new(
///     RegistrationName::new("Contoso Managed Sentinel")?,
///     RegistrationDescription::new("24x7 monitoring by the Contoso SOC")?,
///     manifest,
///     Scope::Subscription,
/// );
/// let files = arm::export(&onboarding);
/// assert_eq!(files.template_file_name(), "subscription.json");
/// assert_eq!(files.template().resources()[0].api_version(), "2022-10-01");
/// // The parameters file reads back to the same onboarding.
/// let (back, warnings) = arm::check(&files.parameters_json())?.into_parts();
/// assert_eq!(back, onboarding);
/// assert!(warnings.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn export(onboarding: &ArmOnboarding) -> ArmFiles {
    let manifest = onboarding.manifest();
    let eligible = !manifest.eligible_authorizations().is_empty();
    let marketplace = onboarding.marketplace_plan().is_some();
    let groups = matches!(onboarding.scope(), Scope::ResourceGroups(_));
    let parameters = declarations(eligible, groups, marketplace);
    let properties = RegistrationDefinitionProperties {
        registration_definition_name: "[parameters('mspOfferName')]".into(),
        description: "[parameters('mspOfferDescription')]".into(),
        managed_by_tenant_id: "[parameters('managedByTenantId')]".into(),
        authorizations: "[parameters('authorizations')]".into(),
        eligible_authorizations: eligible.then(|| "[parameters('eligibleAuthorizations')]".into()),
    };
    let plan = marketplace.then(|| PlanBlock {
        name: "[parameters('marketplacePlanId')]".into(),
        product: "[parameters('marketplaceOfferId')]".into(),
        publisher: "[parameters('marketplacePublisherId')]".into(),
        version: "[parameters('marketplacePlanVersion')]".into(),
    });
    let seed = onboarding.registration_seed();
    // A seed is written as a template literal: `[[` keeps a seed that starts with `[` a text.
    let mut variables: Vec<(&'static str, String)> = seed
        .map(|seed| {
            let literal = if seed.starts_with('[') {
                format!("[{seed}")
            } else {
                seed.to_owned()
            };
            (SEED_VARIABLE, literal)
        })
        .into_iter()
        .collect();
    let (resources, file_stem) = match onboarding.scope() {
        Scope::Subscription => {
            let name = subscription_name(seed.is_some());
            variables.extend([
                ("mspRegistrationName", name.clone()),
                ("mspAssignmentName", name),
            ]);
            (subscription_resources(plan, properties), "subscription")
        }
        Scope::ResourceGroups(_) => (
            resource_group_resources(plan, properties, &resource_group_name(seed.is_some())),
            "resource-groups",
        ),
    };
    ArmFiles {
        template: DeploymentTemplate {
            schema: SUBSCRIPTION_TEMPLATE_SCHEMA,
            content_version: "1.0.0.0",
            parameters,
            variables,
            resources,
            outputs: outputs(eligible),
        },
        parameters: parameter_values(onboarding),
        file_stem,
    }
}

/// The template's parameters, in the order of Microsoft's samples.
fn declarations(
    eligible: bool,
    groups: bool,
    marketplace: bool,
) -> Vec<(&'static str, ParameterDeclaration)> {
    let mut parameters = vec![
        (
            "mspOfferName",
            declaration(
                ParameterType::String,
                "The name of the registration definition: what the customer sees on the Service providers page.",
            ),
        ),
        (
            "mspOfferDescription",
            declaration(
                ParameterType::String,
                "The description of the registration definition.",
            ),
        ),
        (
            "managedByTenantId",
            declaration(
                ParameterType::String,
                "The ID of the managing tenant, whose principals get access.",
            ),
        ),
        (
            "authorizations",
            declaration(
                ParameterType::Array,
                "The permanent authorizations: principalId, principalIdDisplayName and roleDefinitionId (a built-in role), with delegatedRoleDefinitionIds for User Access Administrator.",
            ),
        ),
    ];
    if eligible {
        parameters.push((
            "eligibleAuthorizations",
            declaration(
                ParameterType::Array,
                "The eligible authorizations, activated just in time under their justInTimeAccessPolicy.",
            ),
        ));
    }
    if groups {
        parameters.push((
            "resourceGroups",
            declaration(
                ParameterType::Array,
                "The resource groups to delegate, as objects with an rgName. They must exist already.",
            ),
        ));
    }
    if marketplace {
        parameters.extend([
            (
                "marketplacePublisherId",
                declaration(ParameterType::String, "The Azure Marketplace publisher ID."),
            ),
            (
                "marketplaceOfferId",
                declaration(ParameterType::String, "The Azure Marketplace offer ID."),
            ),
            (
                "marketplacePlanId",
                declaration(ParameterType::String, "The Azure Marketplace plan ID."),
            ),
            (
                "marketplacePlanVersion",
                declaration(ParameterType::String, "The version of the plan's manifest."),
            ),
        ]);
    }
    parameters
}

/// A definition and its assignment, side by side at subscription scope.
fn subscription_resources(
    plan: Option<PlanBlock>,
    properties: RegistrationDefinitionProperties,
) -> Vec<Resource> {
    let definition_id = "[resourceId('Microsoft.ManagedServices/registrationDefinitions', variables('mspRegistrationName'))]";
    vec![
        Resource::RegistrationDefinition(RegistrationDefinition {
            resource_type: DEFINITION_TYPE,
            api_version: API_VERSION,
            name: "[variables('mspRegistrationName')]".into(),
            plan,
            properties,
            copy: None,
        }),
        Resource::RegistrationAssignment(RegistrationAssignment {
            resource_type: ASSIGNMENT_TYPE,
            api_version: API_VERSION,
            name: "[variables('mspAssignmentName')]".into(),
            depends_on: vec![definition_id.into()],
            properties: RegistrationAssignmentProperties {
                registration_definition_id: definition_id.into(),
            },
        }),
    ]
}

/// A definition per resource group (a copy loop), and a nested deployment per group that
/// places the assignment in it.
fn resource_group_resources(
    plan: Option<PlanBlock>,
    properties: RegistrationDefinitionProperties,
    name: &str,
) -> Vec<Resource> {
    let count = "[length(parameters('resourceGroups'))]";
    let definition_id = format!(
        "[resourceId('Microsoft.ManagedServices/registrationDefinitions', {})]",
        &name[1..name.len() - 1]
    );
    let assignment = Resource::RegistrationAssignment(RegistrationAssignment {
        resource_type: ASSIGNMENT_TYPE,
        api_version: API_VERSION,
        name: name.into(),
        depends_on: Vec::new(),
        properties: RegistrationAssignmentProperties {
            registration_definition_id: definition_id.clone(),
        },
    });
    vec![
        Resource::RegistrationDefinition(RegistrationDefinition {
            resource_type: DEFINITION_TYPE,
            api_version: API_VERSION,
            name: name.into(),
            plan,
            properties,
            copy: Some(CopyLoop {
                name: "definitionCopy",
                count: count.into(),
            }),
        }),
        Resource::Deployment(NestedDeployment {
            resource_type: DEPLOYMENT_TYPE,
            api_version: DEPLOYMENTS_API_VERSION,
            name: "[concat('rgAssignment', copyIndex())]".into(),
            resource_group: "[parameters('resourceGroups')[copyIndex()].rgName]".into(),
            copy: CopyLoop {
                name: "assignmentCopy",
                count: count.into(),
            },
            depends_on: vec![definition_id],
            properties: NestedDeploymentProperties {
                mode: "Incremental",
                template: Box::new(DeploymentTemplate {
                    schema: RESOURCE_GROUP_TEMPLATE_SCHEMA,
                    content_version: "1.0.0.0",
                    parameters: Vec::new(),
                    variables: Vec::new(),
                    resources: vec![assignment],
                    outputs: Vec::new(),
                }),
            },
        }),
    ]
}

/// The outputs of Microsoft's samples.
fn outputs(eligible: bool) -> Vec<(&'static str, Output)> {
    let mut outputs = vec![
        (
            "mspOfferName",
            Output {
                kind: ParameterType::String,
                value: "[concat('Managed by', ' ', parameters('mspOfferName'))]".into(),
            },
        ),
        (
            "authorizations",
            Output {
                kind: ParameterType::Array,
                value: "[parameters('authorizations')]".into(),
            },
        ),
    ];
    if eligible {
        outputs.push((
            "eligibleAuthorizations",
            Output {
                kind: ParameterType::Array,
                value: "[parameters('eligibleAuthorizations')]".into(),
            },
        ));
    }
    outputs
}

/// The parameters file: this onboarding's values.
fn parameter_values(onboarding: &ArmOnboarding) -> DeploymentParameters {
    let manifest = onboarding.manifest();
    let marketplace = onboarding.marketplace_plan();
    let eligible = manifest.eligible_authorizations();
    let version = manifest.version().to_string();
    let values = ParameterValues {
        msp_offer_name: value(onboarding.name().clone()),
        msp_offer_description: value(onboarding.description().clone()),
        managed_by_tenant_id: value(manifest.tenant_id()),
        authorizations: value(manifest.authorizations().to_vec()),
        eligible_authorizations: (!eligible.is_empty()).then(|| value(eligible.to_vec())),
        resource_groups: match onboarding.scope() {
            Scope::Subscription => None,
            Scope::ResourceGroups(groups) => Some(value(
                groups
                    .names()
                    .iter()
                    .map(|name| ResourceGroupItem {
                        rg_name: name.clone(),
                    })
                    .collect(),
            )),
        },
        marketplace_publisher_id: marketplace.map(|m| value(m.publisher_id().clone())),
        marketplace_offer_id: marketplace.map(|m| value(m.offer_id().clone())),
        marketplace_plan_id: marketplace.map(|m| value(m.plan_id().clone())),
        marketplace_plan_version: marketplace.map(|_| value(version.clone())),
    };
    DeploymentParameters {
        schema: SUBSCRIPTION_PARAMETERS_SCHEMA,
        content_version: format!("{version}.0"),
        parameters: values,
    }
}
