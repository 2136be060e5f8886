//! The typed ends of the shared pipeline: one answer held behind `Any` ([`Answer`]), the
//! answer type's two decode steps as plain function pointers ([`Decoder`]), and the future
//! that hands the answer back typed ([`Downcast`]). Each answer type adds [`typed_pass`]
//! and [`finish`]; nothing else in the pipeline is generic.

use std::any::Any;

use super::fast::single_pass;
use super::{Envelope, Response, Time};
use crate::error::Error;
use crate::wire::Wire;

/// One successful HTTP answer: decoded in one pass, or kept as JSON because `result` did
/// not fit (then [`Answer::decode`] builds the error that names the field).
///
/// Not generic over the answer type: the request pipeline (limiter, retries, refresh,
/// redirects) that produces it is compiled once for every method, not once per method.
/// The one pass runs through a [`TypedPass`], the caller's `Response<T>` behind `Any`.
pub(crate) enum Answer {
    Typed {
        response: Box<dyn Any + Send>,
        time: Option<Time>,
    },
    Raw(Envelope),
}

/// Decodes a success body in one pass into the caller's `Response<T>`, erased: see
/// [`typed_pass`].
pub(crate) type TypedPass<'a> =
    &'a (dyn Fn(&[u8]) -> Option<(Box<dyn Any + Send>, Option<Time>)> + Sync);

/// The one-pass decoder of `Response<T>` for the pipeline (the only code each answer type
/// adds to it: [`Wire::from_wire`] of the `result` the shared [`single_pass`] found).
pub(crate) fn typed_pass<T: Wire + Send + 'static>(
    body: &[u8],
) -> Option<(Box<dyn Any + Send>, Option<Time>)> {
    let fast = single_pass(body)?;
    let result = T::from_wire(fast.result).ok()?;
    let time = fast.time.clone();
    let response = Response {
        result,
        time: fast.time,
        total: fast.total,
        next: fast.next,
        replayed: false,
    };
    Some((Box::new(response) as Box<dyn Any + Send>, time))
}

/// How the shared pipeline decodes one answer type: the one-pass read of a success
/// ([`typed_pass`]) and the final step that boxes `result` ([`finish`]). Plain function
/// pointers, so that the pipeline stays one function for every method.
pub(crate) struct Decoder {
    pub(crate) typed: TypedFn,
    pub(crate) finish: FinishFn,
}

/// [`typed_pass`] of one answer type.
pub(crate) type TypedFn = fn(&[u8]) -> Option<(Box<dyn Any + Send>, Option<Time>)>;

/// [`finish`] of one answer type.
pub(crate) type FinishFn = fn(Answer, &str, bool) -> Result<Box<dyn Any + Send>, Error>;

/// The `result` of an answer as `T`, boxed for [`Downcast`].
pub(crate) fn finish<T: Wire + Send + 'static>(
    answer: Answer,
    method: &str,
    replayed: bool,
) -> Result<Box<dyn Any + Send>, Error> {
    answer
        .decode::<T>(method, replayed)
        .map(|r| Box::new(r.result) as Box<dyn Any + Send>)
}

/// The typed end of an erased answer future: what [`finish`] boxed, unboxed as `T`.
pub(crate) struct Downcast<T> {
    method: &'static str,
    inner: crate::BoxFuture<'static, Result<Box<dyn Any + Send>, Error>>,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T> Downcast<T> {
    pub(crate) fn new(
        method: &'static str,
        inner: crate::BoxFuture<'static, Result<Box<dyn Any + Send>, Error>>,
    ) -> Self {
        Downcast {
            method,
            inner,
            _t: std::marker::PhantomData,
        }
    }
}

impl<T: 'static> std::future::Future for Downcast<T> {
    type Output = Result<T, Error>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let method = self.method;
        self.inner.as_mut().poll(cx).map(|answer| {
            answer.and_then(|any| {
                any.downcast::<T>().map(|t| *t).map_err(|_| Error::Decode {
                    method: method.to_owned(),
                    path: "result".to_owned(),
                    message: "internal: answer read with another type's decoder".to_owned(),
                })
            })
        })
    }
}

impl Answer {
    pub(crate) fn time(&self) -> Option<&Time> {
        match self {
            Answer::Typed { time, .. } => time.as_ref(),
            Answer::Raw(e) => e.time.as_ref(),
        }
    }

    /// The typed response, or the decode error naming the path below `result`.
    /// `replayed` is the answer's `Idempotent-Replayed` header. `T` is the type of the
    /// [`typed_pass`] the answer was read with.
    pub(crate) fn decode<T: Wire + 'static>(
        self,
        method: &str,
        replayed: bool,
    ) -> Result<Response<T>, Error> {
        let mut response = match self {
            Answer::Typed { response, .. } => match response.downcast::<Response<T>>() {
                Ok(r) => *r,
                Err(_) => {
                    return Err(Error::Decode {
                        method: method.to_owned(),
                        path: "result".to_owned(),
                        message: "internal: answer read with another type's decoder".to_owned(),
                    })
                }
            },
            Answer::Raw(e) => e.decode(method)?,
        };
        response.replayed = replayed;
        Ok(response)
    }
}
