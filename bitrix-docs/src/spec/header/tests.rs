use super::*;
use crate::spec::testkit::*;
use crate::spec::PageOutcome;

#[test]
fn header_and_intro() {
    let spec = method(&with_params("|| **id** `integer` | x ||\n"));
    assert_eq!(spec.name, "crm.thing.do");
    assert_eq!(spec.title, "Do Things");
    assert_eq!(spec.scope.as_deref(), Some("crm"));
    assert_eq!(spec.who_can_execute.as_deref(), Some("any user"));
    assert_eq!(spec.description, "Intro text.");
}

#[test]
fn h1_without_method_name() {
    let diags = rejected("# Add Contact\n\n## Method Parameters\n\nNo parameters.\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].0, 1);
    assert!(diags[0].1.starts_with("no method name in the H1 title"));
    assert_eq!(
        outcome("# Overview\n\n## Methods\n"),
        PageOutcome::NotAMethod
    );
    // An event title is no method: the event stage judges the page.
    let event = outcome("# Event onCrmLeadAdd\n\n## Parameters\n\n#|\n|| a ||\n|#\n");
    assert!(matches!(&event, PageOutcome::Event(_)), "{event:?}");
}

#[test]
fn method_names() {
    for ok in [
        "crm.item.productrow.fields",
        "crm.activity.type.add",
        "crm.entity.mergeBatch",
        "salescenter.payment.getPublicUrl",
        "crm.a_b.c2",
    ] {
        assert!(is_method_name(ok), "{ok}");
    }
    for bad in [
        "onCrmLeadAdd",
        "crm",
        "Crm.lead",
        "crm..add",
        "crm.lead.",
        "crm.lead.add()",
    ] {
        assert!(!is_method_name(bad), "{bad}");
    }
}

const CURL: &str = "\n## Code Examples\n\n- cURL (Webhook)\n\n    ```bash\n    curl -X POST \\\n    -d '{}' \\\n    https://**put_your_bitrix24_address**/rest/**put_your_user_id_here**/**put_your_webhook_here**/crm.status.fields\n    ```\n";

fn named(text: &str) -> (String, String) {
    let spec = method(text);
    (spec.name, spec.title)
}

#[test]
fn the_method_name_inside_the_h1() {
    assert_eq!(
        named("# Get crm.documentgenerator.template.getfields Document Template Fields\n\n## Method Parameters\n\nNo parameters.\n"),
        (
            "crm.documentgenerator.template.getfields".to_string(),
            "Get Document Template Fields".to_string()
        )
    );
    assert_eq!(
        named("# Move Participants to the `humanresources.node.member.move` Department\n\n## Code Examples\n").0,
        "humanresources.node.member.move"
    );
    // The name inside is a family; every example calls one method of it.
    assert_eq!(
        named(&format!(
            "# Show the crm.status List on Top\n\n## Method Parameters\n\nNone.\n{}",
            CURL.replace("crm.status.fields", "crm.status.pin")
        )),
        (
            "crm.status.pin".to_string(),
            "Show the crm.status List on Top".to_string()
        )
    );
    // Two names inside: neither is taken.
    assert_eq!(
        outcome("# Compare crm.a.get and crm.b.get Side by Side\n\n## Code Examples\n"),
        PageOutcome::NotAMethod
    );
    // A page without method sections is no method page, whatever its title says.
    assert_eq!(
        outcome("# How crm.item.list Pages Through Results\n\n## Overview\n"),
        PageOutcome::NotAMethod
    );
    // `e.g.` is no method name.
    assert_eq!(
        outcome("# Filters, e.g. by date\n"),
        PageOutcome::NotAMethod
    );
}

#[test]
fn the_method_name_from_the_examples_when_they_agree() {
    let js = "\n- BX24.js\n\n    ```js\n    BX24.callMethod(\n        \"crm.status.fields\",\n        {}\n    );\n    ```\n\n- PHP\n\n    ```php\n    $result = CRest::call('crm.status.fields', []);\n    ```\n";
    let page = format!("# Get Description of CRM Status Fields\n\n## Method Parameters\n\nNo parameters.\n{CURL}{js}");
    assert_eq!(
        named(&page),
        (
            "crm.status.fields".to_string(),
            "Get Description of CRM Status Fields".to_string()
        )
    );
    // A page without a parameters section, but with examples (crm.requisite.fields).
    assert_eq!(
        named(&format!(
            "# Get CRM Requisite Fields\n\nNo parameters.\n{CURL}"
        ))
        .0,
        "crm.status.fields"
    );
    // One-word methods are taken from examples (`events`).
    let events = "# Get a List of Available Events\n\n## Method Parameters\n\nNo parameters.\n\n## Code Examples\n\n```bash\ncurl https://x/rest/events\n```\n";
    assert_eq!(named(events).0, "events");
}

#[test]
fn examples_calling_several_methods_make_a_how_to() {
    let page = "# How to create an activity\n\n## Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **A**\n`string` | a ||\n|#\n\n## Example application\n\n```js\nBX24.callMethod('crm.activity.add', {});\nBX24.callMethod('crm.activity.update', {});\n```\n";
    assert_eq!(outcome(page), PageOutcome::NotAMethod);
}

#[test]
fn event_titles_with_a_capitalised_name_first_or_last() {
    // `On…` (sale, calendar, tasks): the event stage judges the page (see event.rs).
    assert!(is_event_title(
        "OnOrderDeleted Event When Deleting an Order"
    ));
    assert!(is_event_title("After Saving Payment OnPaymentEntitySaved"));
    assert!(!is_event_title("One Order Online"));
}

#[test]
fn browser_sdk_pages_are_no_methods() {
    let page = "# Get the Widget Execution Context BX24.placement.info\n\n## Parameters\n\nNo parameters.\n\n## Code Examples\n\n```js\nBX24.placement.info();\n```\n";
    assert_eq!(outcome(page), PageOutcome::NotAMethod);
    assert!(is_sdk_call("BX24.placement.bindEvent"));
    assert!(!is_sdk_call("placement.bind"));
    assert!(!is_sdk_call("BX24"));
}

#[test]
fn overviews_of_an_api_family_are_no_methods() {
    // A title ending in a name, sections none of which documents a method.
    for page in [
        "# API Change Log for imbot.v2\n\n## Record Prefixes\n\nText.\n\n## REST Revision 36\n\nText.\n",
        "# Migration from imbot to imbot.v2\n\n## Methods\n\nText.\n\n## Key Differences in v2\n\n### Method Parameters\n\nText.\n",
    ] {
        assert_eq!(outcome(page), PageOutcome::NotAMethod, "{page}");
    }
    // A method page with an `## Example` section only, or with no `##` section at all.
    let example = "# Get File from User Field user.userfield.file.get\n\n> Scope: `user`\n\n## Example\n\nText.\n";
    assert_eq!(method(example).name, "user.userfield.file.get");
    let short =
        "# Get Invoice Status Fields crm.invoice.status.fields\n\n### Returned Data\n\nText.\n";
    assert_eq!(method(short).name, "crm.invoice.status.fields");
}

#[test]
fn the_deprecation_banner() {
    let banner = |body: &str| {
        method(&format!(
            "# Update Company crm.company.update\n\n> Scope: `crm`\n\n{{% note warning \"DEPRECATED\" %}}\n\n{body}\n\n{{% endnote %}}\n\nThe method updates a company.\n\n## Method Parameters\n\nNo parameters.\n"
        ))
        .deprecated
    };
    assert_eq!(
        banner("The development of this method has been halted. Please use [crm.item.update](../universal/crm-item-update.md)."),
        Some("Use crm.item.update instead.".to_string())
    );
    assert_eq!(
        banner("Development of this method has been halted. Please use [crm.item.productrow.*](../universal/product-rows/index.md)."),
        Some("Use crm.item.productrow.* instead.".to_string())
    );
    assert_eq!(
        banner("Please use [Universal Methods for Invoices](../../universal/invoice.md)."),
        Some("Use Universal Methods for Invoices instead.".to_string())
    );
    assert_eq!(
        banner("Development has stopped."),
        Some("Deprecated; the page names no replacement.".to_string())
    );
    let bold = method("# Get Catalog crm.catalog.get\n\n{% note warning %}\n\n**DEPRECATED**\n\nThe development of methods crm.catalog.* has been halted. Please use the section [Catalog (`catalog.catalog.*`)](x.md).\n\n{% endnote %}\n");
    assert_eq!(
        bold.deprecated.as_deref(),
        Some("Use catalog.catalog.* instead.")
    );
    let said = method("# Get Thing crm.thing.get\n\nThe development of this method has been halted. Use `crm.item.get`.\n");
    assert_eq!(
        said.deprecated.as_deref(),
        Some("Use crm.item.get instead.")
    );
    let current = method(&with_params("|| **id**\n`integer` | x ||\n"));
    assert_eq!(current.deprecated, None);
}

#[test]
fn the_rest_version_note() {
    let v3 = method("# Get Mailbox mail.mailbox.get\n\n> Scope: `mail`\n\n{% note info \"\" %}\n\nThis method belongs to REST 3.0. The call specifics are described in the [REST 3.0 overview](../../rest-v3.md).\n\n{% endnote %}\n\nThe method retrieves a mailbox.\n");
    assert_eq!(v3.version, ApiVersion::V3);
    let v2 = method(&with_params("|| **id**\n`integer` | x ||\n"));
    assert_eq!(v2.version, ApiVersion::V2);
}
