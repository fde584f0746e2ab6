-- Share of an artist's streams that listeners ended early. Streams without an artist_id
-- are left out.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

artist_streams as (
    select
        artist_id,
        count(*) as streams,
        sum(case when event_type = 'skip' then 1 else 0 end) as skips
    from fct_plays
    where artist_id is not null
    group by artist_id
),

final as (
    select
        artist_id,
        streams,
        skips,
        cast(skips as {{ dbt.type_numeric() }}) / streams as skip_rate
    from artist_streams
)

select * from final
