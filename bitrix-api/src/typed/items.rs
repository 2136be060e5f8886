//! [`Items`]: the deal, lead, contact, company and quote records through `crm.item.*`, the
//! methods the deprecated `crm.deal.*` family points to, with the same typed records and
//! queries.

use std::marker::PhantomData;

use futures_util::{Stream, StreamExt};
use serde_json::{json, Map, Value};

use super::{check_filter, check_order, check_select, Dialect, Entity};
use super::{IntoFilter, IntoOrder, IntoSelect, Values};
use crate::envelope::decode;
use crate::{Client, Error};

/// A record `crm.item.*` also serves, under its `entityTypeId` (`Deal`: 2). Generated for
/// the classic entities the crm.item pages name (lead 1, deal 2, contact 3, company 4,
/// quote 7).
pub trait ItemEntity: Entity {
    /// The `entityTypeId` `crm.item.*` takes for these records.
    const ENTITY_TYPE_ID: i64;
}

impl Client {
    /// The records of `E` through `crm.item.*` (`crm.item.get`, `crm.item.list`,
    /// `crm.item.delete`), typed as `E` and queried with `E`'s fields: the same `Deal`
    /// and the same `Filter<Deal>` as `crm.deal.*`, written in `crm.item`'s camelCase.
    ///
    /// ```no_run
    /// # #[cfg(feature = "crm-deal")]
    /// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    /// use bitrix_api::records::Deal;
    /// use bitrix_api::typed::Filter;
    /// use futures_util::TryStreamExt;
    ///
    /// let big: Vec<Deal> = client
    ///     .items::<Deal>()
    ///     .list()
    ///     .filter(Filter::new().and(Deal::OPPORTUNITY.ge(5000)))
    ///     .stream()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn items<E: ItemEntity>(&self) -> Items<E> {
        Items {
            client: self.clone(),
            _e: PhantomData,
        }
    }
}

/// `crm.item.*` for the records of `E` ([`Client::items`]).
pub struct Items<E> {
    client: Client,
    _e: PhantomData<fn() -> E>,
}

impl<E: ItemEntity> Items<E> {
    /// `crm.item.get`: the record with this id.
    pub async fn get(&self, id: i64) -> Result<E, Error> {
        let params = json!({"entityTypeId": E::ENTITY_TYPE_ID, "id": id});
        let mut result = self.client.call_raw("crm.item.get", params).await?;
        let item = result
            .get_mut("item")
            .map(Value::take)
            .unwrap_or(Value::Null);
        decode("crm.item.get", "result.item", item)
    }

    /// `crm.item.add`: a new record with these fields; answers the record as stored.
    pub async fn add(&self, fields: Values<E>) -> Result<E, Error> {
        let params = json!({"entityTypeId": E::ENTITY_TYPE_ID, "fields": fields.into_json()});
        self.item("crm.item.add", params).await
    }

    /// `crm.item.update`: changes these fields of the record with this id; answers the
    /// record as stored.
    pub async fn update(&self, id: i64, fields: Values<E>) -> Result<E, Error> {
        let params =
            json!({"entityTypeId": E::ENTITY_TYPE_ID, "id": id, "fields": fields.into_json()});
        self.item("crm.item.update", params).await
    }

    async fn item(&self, method: &'static str, params: Value) -> Result<E, Error> {
        let mut result = self.client.call_raw(method, params).await?;
        let item = result
            .get_mut("item")
            .map(Value::take)
            .unwrap_or(Value::Null);
        decode(method, "result.item", item)
    }

    /// `crm.item.delete`: deletes the record with this id.
    pub async fn delete(&self, id: i64) -> Result<(), Error> {
        let params = json!({"entityTypeId": E::ENTITY_TYPE_ID, "id": id});
        self.client
            .call_raw("crm.item.delete", params)
            .await
            .map(drop)
    }

    /// `crm.item.list`, to narrow with [`ItemsList::filter`], [`ItemsList::order`] and
    /// [`ItemsList::select`], then read a page or stream every record.
    pub fn list(&self) -> ItemsList<E> {
        ItemsList {
            client: self.client.clone(),
            params: Map::new(),
            invalid: None,
            _e: PhantomData,
        }
    }
}

/// A `crm.item.list` call for records of `E` ([`Items::list`]).
pub struct ItemsList<E> {
    client: Client,
    params: Map<String, Value>,
    invalid: Option<Error>,
    _e: PhantomData<fn() -> E>,
}

const METHOD: &str = "crm.item.list";

impl<E: ItemEntity> ItemsList<E> {
    fn set(mut self, key: &str, value: Value, check: Result<(), Error>) -> Self {
        if let Err(e) = check {
            self.invalid.get_or_insert(e);
        }
        self.params.insert(key.into(), value);
        self
    }

    /// The records' filter, typed ([`Filter<E>`](super::Filter)) or raw JSON (checked
    /// against `E`'s fields in `crm.item`'s spelling).
    pub fn filter(self, filter: impl IntoFilter<E>) -> Self {
        let v = filter.into_filter(Dialect::Item);
        let check = check_filter::<E>(METHOD, &v, Dialect::Item);
        self.set("filter", v, check)
    }

    /// The sort order.
    pub fn order(self, order: impl IntoOrder<E>) -> Self {
        let v = order.into_order(Dialect::Item);
        let check = check_order::<E>(METHOD, &v, Dialect::Item);
        self.set("order", v, check)
    }

    /// The fields to return (others are `None` in the records).
    pub fn select(self, select: impl IntoSelect<E>) -> Self {
        let v = select.into_select(Dialect::Item);
        let check = check_select::<E>(METHOD, &v, Dialect::Item);
        self.set("select", v, check)
    }

    fn params(&self) -> Value {
        let mut p = self.params.clone();
        p.insert("entityTypeId".into(), E::ENTITY_TYPE_ID.into());
        Value::Object(p)
    }

    /// The first page (up to 50 records).
    pub async fn page(self) -> Result<Vec<E>, Error> {
        if let Some(e) = self.invalid {
            return Err(e);
        }
        let mut result = self.client.call_raw(METHOD, self.params()).await?;
        let items = result
            .get_mut("items")
            .map(Value::take)
            .unwrap_or(Value::Null);
        decode(METHOD, "result.items", items)
    }

    /// Every record, page after page (`start`).
    pub fn stream(self) -> impl Stream<Item = Result<E, Error>> + Send + 'static {
        self.walk(false)
    }

    /// Every record, fast: by `id` (`>id` from the last record, no count).
    pub fn stream_by_id(self) -> impl Stream<Item = Result<E, Error>> + Send + 'static {
        self.walk(true)
    }

    fn walk(self, by_id: bool) -> impl Stream<Item = Result<E, Error>> + Send + 'static {
        let records = match self.invalid {
            Some(e) => futures_util::stream::once(async move { Err(e) }).boxed(),
            None if by_id => self
                .client
                .list_stream_by_id(METHOD, self.params(), "id")
                .boxed(),
            None => self.client.list_stream(METHOD, self.params()).boxed(),
        };
        records
            .enumerate()
            .map(|(i, r)| decode::<E>(METHOD, &format!("result.items[{i}]"), r?))
    }
}
