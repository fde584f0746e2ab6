-- One row per listener seen in any event (stream or interaction). home_country is the
-- country the user has the most events from (ties: the most recently seen, then
-- alphabetical); subscription is the one reported with the user's most recent event.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

user_activity as (
    select
        user_id,
        min(played_at) as first_seen_at,
        max(played_at) as last_seen_at
    from listen_events
    group by user_id
),

user_country_events as (
    select
        user_id,
        country,
        count(*) as events,
        max(played_at) as last_seen_at
    from listen_events
    where country is not null
    group by user_id, country
),

ranked_user_countries as (
    select
        user_id,
        country,
        row_number() over (
            partition by user_id
            order by events desc, last_seen_at desc, country
        ) as frequency_rank
    from user_country_events
),

home_countries as (
    select * from ranked_user_countries
    where frequency_rank = 1
),

ranked_user_events as (
    select
        user_id,
        subscription,
        row_number() over (
            partition by user_id
            order by played_at desc, ingested_at desc, event_id desc
        ) as recency_rank
    from listen_events
),

latest_subscriptions as (
    select * from ranked_user_events
    where recency_rank = 1
),

final as (
    select
        user_activity.user_id,
        home_countries.country as home_country,
        latest_subscriptions.subscription,
        user_activity.first_seen_at,
        user_activity.last_seen_at
    from user_activity
    inner join latest_subscriptions
        on user_activity.user_id = latest_subscriptions.user_id
    left join home_countries
        on user_activity.user_id = home_countries.user_id
)

select * from final
