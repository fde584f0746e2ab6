-- Per UTC day and user with at least one stream that day: streams and time listened.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

user_day_streams as (
    select
        played_date as activity_date,
        user_id,
        count(*) as streams,
        sum(ms_played) as listening_ms
    from fct_plays
    group by played_date, user_id
),

final as (
    select
        activity_date,
        user_id,
        streams,
        listening_ms,
        cast(listening_ms as {{ dbt.type_numeric() }}) / 3600000 as listening_hours
    from user_day_streams
)

select * from final
