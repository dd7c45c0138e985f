//! Reviews, replies and moderation.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::{
    reviews::{ReviewInput, ReviewQuery},
    PageRequest,
};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, AppQuery, CurrentUser, MaybeUser},
    page::PageQuery,
    state::ApiState,
};

/// A course's reviews, newest first (hidden ones only for producers and admins who ask).
#[utoipa::path(get, path = "/courses/{slug}/reviews", tag = "reviews", security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "Course address"), CourseReviewsQuery),
    responses(
        (status = 200, description = "One page of reviews", body = ReviewPage),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 403, description = "Hidden or reported reviews asked for by a non-moderator", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn list_course_reviews(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
    AppQuery(q): AppQuery<CourseReviewsQuery>,
) -> ApiResult<Json<ReviewPage>> {
    let page = state
        .app
        .list_reviews(
            viewer.as_ref(),
            ReviewQuery {
                course: Some(slug),
                user_id: None,
                rating_gte: q.rating_gte,
                rating_lte: q.rating_lte,
                include_hidden: q.include_hidden,
                reported: None,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(page.into()))
}

/// Review a course you are enrolled in (once); the course's rating updates at once.
#[utoipa::path(post, path = "/courses/{slug}/reviews", tag = "reviews", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = ReviewCreateRequest,
    responses(
        (status = 201, description = "The review", body = ReviewResponse),
        NotSignedIn,
        (status = 403, description = "Not enrolled in the course", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Already reviewed", body = ErrorBody),
        (status = 422, description = "Rating not 1..5 or text too long", body = ErrorBody),
    ))]
pub async fn create_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<ReviewCreateRequest>,
) -> ApiResult<(StatusCode, Json<ReviewResponse>)> {
    let review = state
        .app
        .create_review(
            &actor,
            &slug,
            ReviewInput {
                rating: body.rating,
                text: body.text,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(review.into())))
}

/// All reviews, newest first, filtered by course, author and rating.
#[utoipa::path(get, path = "/reviews", tag = "reviews", security((), ("bearer" = [])),
    params(ReviewListQuery),
    responses(
        (status = 200, description = "One page of reviews", body = ReviewPage),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 403, description = "Hidden reviews asked for by a non-moderator", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Invalid filter", body = ErrorBody),
    ))]
pub async fn list_reviews(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppQuery(q): AppQuery<ReviewListQuery>,
) -> ApiResult<Json<ReviewPage>> {
    let page = state
        .app
        .list_reviews(
            viewer.as_ref(),
            ReviewQuery {
                course: q.course,
                user_id: q.user_id,
                rating_gte: q.rating_gte,
                rating_lte: q.rating_lte,
                include_hidden: q.include_hidden,
                reported: q.reported,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(page.into()))
}

/// Edit your review.
#[utoipa::path(patch, path = "/reviews/{review_id}", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    request_body = ReviewUpdateRequest,
    responses(
        (status = 200, description = "The review", body = ReviewResponse),
        NotSignedIn,
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
        (status = 422, description = "Rating not 1..5 or text too long", body = ErrorBody),
    ))]
pub async fn update_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReviewUpdateRequest>,
) -> ApiResult<Json<ReviewResponse>> {
    let review = state
        .app
        .update_review(
            &actor,
            id,
            ReviewInput {
                rating: body.rating,
                text: body.text,
            },
        )
        .await?;
    Ok(Json(review.into()))
}

/// Delete your review (with its replies).
#[utoipa::path(delete, path = "/reviews/{review_id}", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    responses(
        (status = 204, description = "Deleted"),
        NotSignedIn,
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
    ))]
pub async fn delete_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<StatusCode> {
    state.app.delete_review(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The replies to a review, oldest first.
#[utoipa::path(get, path = "/reviews/{review_id}/replies", tag = "reviews", security((), ("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id"), PageQuery),
    responses(
        (status = 200, description = "One page of replies", body = ReviewReplyPage),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
    ))]
pub async fn list_replies(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(id): AppPath<i64>,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<Json<ReviewReplyPage>> {
    let page = state
        .app
        .list_review_replies(viewer.as_ref(), id, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(ReviewReplyPage::from(page)))
}

/// Reply to a review of your course (the course's teacher, a producer or an admin).
#[utoipa::path(post, path = "/reviews/{review_id}/replies", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    request_body = ReviewReplyRequest,
    responses(
        (status = 201, description = "The reply", body = ReviewReplyResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
        (status = 422, description = "Empty or too long", body = ErrorBody),
    ))]
pub async fn reply_to_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReviewReplyRequest>,
) -> ApiResult<(StatusCode, Json<ReviewReplyResponse>)> {
    let reply = state.app.reply_to_review(&actor, id, &body.text).await?;
    Ok((StatusCode::CREATED, Json(reply.into())))
}

/// Report a review to the moderators (once per user; not your own).
#[utoipa::path(post, path = "/reviews/{review_id}/report", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    request_body = ReviewReportRequest,
    responses(
        (status = 200, description = "The review with its report count", body = ReviewResponse),
        NotSignedIn,
        (status = 403, description = "Your own review", body = ErrorBody),
        (status = 404, description = "No such review (or hidden)", body = ErrorBody),
        (status = 409, description = "Reported by you already", body = ErrorBody),
        (status = 422, description = "Missing or too long reason", body = ErrorBody),
    ))]
pub async fn report_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReviewReportRequest>,
) -> ApiResult<Json<ReviewResponse>> {
    Ok(Json(
        state
            .app
            .report_review(&actor, id, &body.reason)
            .await?
            .into(),
    ))
}

/// Hide a review from the public lists and the course's average (producer/admin).
#[utoipa::path(post, path = "/reviews/{review_id}/hide", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    request_body = ReviewHideRequest,
    responses(
        (status = 200, description = "The hidden review", body = ReviewResponse),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
        (status = 422, description = "Missing or too long reason", body = ErrorBody),
    ))]
pub async fn hide_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReviewHideRequest>,
) -> ApiResult<Json<ReviewResponse>> {
    Ok(Json(
        state
            .app
            .hide_review(&actor, id, &body.reason)
            .await?
            .into(),
    ))
}

/// Show a hidden review again (producer/admin).
#[utoipa::path(post, path = "/reviews/{review_id}/unhide", tag = "reviews", security(("bearer" = [])),
    params(("review_id" = i64, Path, description = "Review id")),
    responses(
        (status = 200, description = "The visible review", body = ReviewResponse),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
    ))]
pub async fn unhide_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<ReviewResponse>> {
    Ok(Json(state.app.unhide_review(&actor, id).await?.into()))
}
