//! Tests of `state.rs`.

use super::*;
use serde_json::json;

fn link(contact_id: i64, sort: i64, primary: bool) -> NewLink {
    NewLink {
        contact_id,
        sort,
        primary,
    }
}

fn crm_with_lead() -> (Crm, i64) {
    let mut crm = Crm::default();
    let id = crm.add(Entity::Lead, &Map::new(), 1, 0.0);
    (crm, id)
}

#[test]
fn first_link_becomes_primary_and_fills_contact_id() {
    let (mut crm, lead) = crm_with_lead();
    assert!(crm.add_link(lead, link(5, 10, false)));
    assert!(crm.add_link(lead, link(6, 5, false)));
    assert!(!crm.add_link(lead, link(6, 1, true)), "already linked");
    let links = crm.links(lead);
    assert_eq!(
        links[0],
        Link {
            contact_id: 6,
            sort: 5,
            is_primary: false
        }
    );
    assert_eq!(
        links[1],
        Link {
            contact_id: 5,
            sort: 10,
            is_primary: true
        }
    );
    assert_eq!(crm.lead(lead).unwrap().contact_id, Some(5));
}

#[test]
fn explicit_primary_moves_the_flag() {
    let (mut crm, lead) = crm_with_lead();
    crm.add_link(lead, link(5, 10, false));
    crm.add_link(lead, link(6, 20, true));
    let primaries: Vec<_> = crm
        .links(lead)
        .into_iter()
        .filter(|l| l.is_primary)
        .collect();
    assert_eq!(primaries.len(), 1);
    assert_eq!(primaries[0].contact_id, 6);
    assert_eq!(crm.lead(lead).unwrap().fields["CONTACT_ID"], json!("6"));
}

#[test]
fn deleting_the_primary_promotes_the_next_in_sort_order() {
    let (mut crm, lead) = crm_with_lead();
    crm.set_links(
        lead,
        vec![link(5, 30, true), link(6, 20, false), link(7, 10, false)],
    );
    assert!(crm.delete_link(lead, 5));
    assert!(!crm.delete_link(lead, 5));
    assert_eq!(crm.lead(lead).unwrap().contact_id, Some(7));
    crm.clear_links(lead);
    assert!(crm.links(lead).is_empty());
    assert_eq!(crm.lead(lead).unwrap().fields["CONTACT_ID"], Value::Null);
}

#[test]
fn set_links_picks_first_asked_primary_or_first_item() {
    let (mut crm, lead) = crm_with_lead();
    crm.set_links(
        lead,
        vec![link(1, 10, false), link(2, 10, true), link(3, 10, true)],
    );
    let p: Vec<_> = crm
        .links(lead)
        .iter()
        .filter(|l| l.is_primary)
        .map(|l| l.contact_id)
        .collect();
    assert_eq!(p, vec![2]);
    crm.set_links(lead, vec![link(4, 10, false), link(3, 5, false)]);
    assert_eq!(crm.lead(lead).unwrap().contact_id, Some(4));
    assert_eq!(crm.links(lead).len(), 2);
}

#[test]
fn removing_a_target_unlinks_it_and_moves_the_primary() {
    let (mut crm, lead) = crm_with_lead();
    let a = crm.add(Entity::Contact, &Map::new(), 1, 0.0);
    let b = crm.add(Entity::Contact, &Map::new(), 1, 0.0);
    crm.set_links(lead, vec![link(a, 10, true), link(b, 20, false)]);
    assert!(crm.remove("crm.contact", a));
    assert_eq!(crm.links(lead).len(), 1);
    assert_eq!(crm.lead(lead).unwrap().contact_id, Some(b));
    assert!(crm.remove("crm.lead", lead));
    assert!(crm.links(lead).is_empty());
    assert!(!crm.remove("crm.lead", lead));
}

#[test]
fn hand_written_adds_store_multifields_too() {
    let mut crm = Crm::default();
    let fields = json!({"NAME": "n", "email": [{"VALUE": "a@b.c"}]});
    let id = crm.add(Entity::Contact, fields.as_object().unwrap(), 1, 0.0);
    let c = crm.contact(id).unwrap();
    assert_eq!(c.fields["EMAIL"][0]["TYPE_ID"], "EMAIL");
    assert_eq!(c.fields["HAS_EMAIL"], "Y");
    assert_eq!(c.fields["HAS_PHONE"], "N");
}

#[test]
fn lead_add_with_contact_id_links_it() {
    let mut crm = Crm::default();
    let fields = json!({"TITLE": "t", "CONTACT_ID": 3, "OPPORTUNITY": 5})
        .as_object()
        .unwrap()
        .clone();
    let id = crm.add(Entity::Lead, &fields, 1, 0.0);
    let lead = crm.lead(id).unwrap();
    assert_eq!(lead.contact_id, Some(3));
    assert_eq!(lead.fields["IS_RETURN_CUSTOMER"], "Y");
    assert_eq!(lead.fields["OPPORTUNITY"], "5");
    assert_eq!(lead.fields["ID"], "1");
}
